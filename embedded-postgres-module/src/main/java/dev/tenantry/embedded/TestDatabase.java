package dev.tenantry.embedded;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * A fresh, empty database for one test class, on the server {@link PostgresServers#forTests()} chose.
 *
 * <p>Each instance creates its own database so that tests never see each other's rows or migration
 * history; {@link #close()} drops it. Not thread-safe; one per test class.
 */
public final class TestDatabase implements AutoCloseable {

    private final PostgresEndpoint server;
    private final PostgresEndpoint endpoint;

    private TestDatabase(PostgresEndpoint server, String name) {
        this.server = server;
        this.endpoint = server.withDatabase(name);
    }

    /**
     * Creates a database named {@code tenantry_<purpose>_<random>}.
     *
     * @param purpose short lower-case word naming the test, for people reading {@code \l}
     * @return the new database
     */
    public static TestDatabase create(String purpose) {
        PostgresEndpoint server = PostgresServers.forTests();
        String name = "tenantry_" + purpose.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "")
                + "_" + UUID.randomUUID().toString().substring(0, 8);
        execute(server, "CREATE DATABASE " + name);
        return new TestDatabase(server, name);
    }

    /** @return where the new database answers */
    public PostgresEndpoint endpoint() {
        return endpoint;
    }

    /** Drops the database, ending any connection still open to it. */
    @Override
    public void close() {
        execute(server, "DROP DATABASE IF EXISTS " + endpoint.database() + " WITH (FORCE)");
    }

    private static void execute(PostgresEndpoint server, String sql) {
        try (Connection c = server.withDatabase("postgres").connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not run '" + sql + "' on " + server + ": " + e.getMessage(), e);
        }
    }
}
