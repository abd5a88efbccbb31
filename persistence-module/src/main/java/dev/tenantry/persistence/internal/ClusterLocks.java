package dev.tenantry.persistence.internal;

import dev.tenantry.persistence.TenantryException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Work that must run on one server at a time when several share a database: a PostgreSQL
 * transaction-level advisory lock, named by text ({@code hashtext}), held until the transaction
 * ends. A second server asking for it waits until the first commits or rolls back, then sees what the
 * first did. (Flyway takes such a lock of its own around migrations.)
 */
public final class ClusterLocks {

    /** Seeding at start-up. */
    public static final String SEEDS = "tenantry.seeds";

    private ClusterLocks() {
    }

    /**
     * Takes the lock {@code name} for the current transaction, waiting for another holder.
     *
     * @param connection a connection in a transaction (not autocommit: the lock would end at once)
     * @param name       the lock's name
     * @throws SQLException when the database refuses
     */
    public static void holdUntilCommit(Connection connection, String name) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
            ps.setString(1, name);
            ps.execute();
        }
    }

    /**
     * {@link #holdUntilCommit(Connection, String)} on a connection of {@code dataSource} inside the
     * caller's JTA transaction (the server enlists it; the lock lasts until that transaction ends).
     *
     * @param dataSource the application's DataSource
     * @param name       the lock's name
     */
    public static void holdUntilCommit(DataSource dataSource, String name) {
        try (Connection c = dataSource.getConnection()) {
            holdUntilCommit(c, name);
        } catch (SQLException e) {
            throw new TenantryException("Could not take the lock '" + name + "' that keeps two servers from doing the"
                    + " same start-up work at once (SQLState " + e.getSQLState() + ")", e);
        }
    }
}
