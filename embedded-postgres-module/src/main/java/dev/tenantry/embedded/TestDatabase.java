package dev.tenantry.embedded;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
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

    /**
     * Runs one statement in the database as the server's user (test set-up, outside the code under test).
     *
     * @param sql the statement
     * @throws IllegalStateException with the server's message when it fails
     */
    public void execute(String sql) {
        try (Connection c = endpoint.connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /**
     * Reads what really is in the database, as the server's user.
     *
     * @param query a query
     * @return each row as its columns joined by '|'
     */
    public List<String> rows(String query) {
        try (Connection c = endpoint.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            List<String> out = new ArrayList<>();
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    row.append(i > 1 ? "|" : "").append(rs.getString(i));
                }
                out.add(row.toString());
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
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
