package dev.tenantry.serverconfig;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The owner and runtime roles of a database with row-level security, from {@code postgres/roles.sql}
 * (also runnable with psql; see the README).
 */
public final class PostgresRoles {

    /** Owns the schema and runs the migrations. */
    public static final String OWNER = "tenantry_owner";
    /** What the server's pool connects as: not superuser, not BYPASSRLS, owns nothing. */
    public static final String RUNTIME = "tenantry_app";

    private PostgresRoles() {
    }

    /** @return the SQL of {@code postgres/roles.sql} */
    public static String script() {
        try (InputStream in = PostgresRoles.class.getResourceAsStream("/postgres/roles.sql")) {
            if (in == null) {
                throw new IllegalStateException("postgres/roles.sql is missing from tenantry-server-config");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Creates the roles (when missing) and their grants in the connected database. Idempotent.
     *
     * @param superuser a connection as a superuser (or a role that may create roles and grant on the schema)
     * @throws SQLException when PostgreSQL refuses
     */
    public static void apply(Connection superuser) throws SQLException {
        try (Statement s = superuser.createStatement()) {
            s.execute(script());
        }
    }
}
