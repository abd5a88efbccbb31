package dev.tenantry.crypto.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * A key rotation's row in {@code job_runs}, when the database has that table (Tenantry's persistence
 * migration {@code V1_1_0}). The crypto jar depends on none of Tenantry's modules, so it keeps the
 * table's documented protocol itself (that of {@code dev.tenantry.persistence.jobs.JobRuns}): a
 * {@code RUNNING} row, a session advisory lock {@code (0x4a6f6252, hashtext(id))} held on this run's
 * own connection while it runs (so a dead process's run is found interrupted at the next start), and
 * an end status with counts and an error summary of exception types and SQLStates only.
 * Without the table, every method does nothing.
 */
public final class RotationRun implements AutoCloseable {

    /** The job's name in {@code job_runs}. */
    public static final String JOB = "tenantry.key-rotation";
    private static final int LOCK_SPACE = 0x4a6f6252;

    private final Connection connection;
    private final UUID id = UUID.randomUUID();
    private boolean ended;

    private RotationRun(Connection connection) {
        this.connection = connection;
    }

    /**
     * @param dataSource the database being rotated (autocommit connections)
     * @return the started run, or one that records nothing when {@code job_runs} is absent or the
     *         connection is inside a transaction
     * @throws SQLException when the database fails
     */
    public static RotationRun start(DataSource dataSource) throws SQLException {
        Connection c = dataSource.getConnection();
        try {
            boolean table;
            try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass('job_runs') IS NOT NULL");
                 ResultSet rs = ps.executeQuery()) {
                table = rs.next() && rs.getBoolean(1);
            }
            if (!table || !c.getAutoCommit()) {
                c.close();
                return new RotationRun(null);
            }
            RotationRun run = new RotationRun(c);
            run.execute("INSERT INTO job_runs (id, job, instance, status, started_at, heartbeat_at) VALUES (?, '" + JOB
                    + "', ?, 'RUNNING', clock_timestamp(), clock_timestamp())", run.id, instance());
            run.execute("SELECT pg_advisory_lock(" + LOCK_SPACE + ", hashtext(?))", run.id.toString());
            return run;
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /**
     * @param rows  values re-encrypted so far
     * @param total values to re-encrypt
     * @throws SQLException when the database fails
     */
    public void progress(long rows, long total) throws SQLException {
        execute("UPDATE job_runs SET rows_processed = ?, rows_total = ?, heartbeat_at = clock_timestamp() WHERE id = ?",
                rows, total, id);
    }

    /**
     * @param rows    values re-encrypted
     * @param failure why it failed, {@code null} when it succeeded
     * @throws SQLException when the database fails
     */
    public void end(long rows, Throwable failure) throws SQLException {
        ended = true;
        String error = null;
        if (failure != null) {
            error = failure.getClass().getSimpleName();
            for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
                if (t instanceof SQLException sql && sql.getSQLState() != null) {
                    error += " (SQLState " + sql.getSQLState() + ")";
                    break;
                }
            }
        }
        execute("UPDATE job_runs SET rows_processed = COALESCE(?, rows_processed), heartbeat_at = clock_timestamp(),"
                + " finished_at = clock_timestamp(), status = ?, error = ? WHERE id = ?",
                failure == null ? rows : null, failure == null ? "SUCCEEDED" : "FAILED", error, id);
    }

    /**
     * Ends the run as failed, keeping the rows reported so far; a second failure (the database gone)
     * is added to {@code failure} as suppressed instead of hiding it.
     *
     * @param failure why it failed
     */
    public void failed(Throwable failure) {
        try {
            end(0, failure);
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    @Override
    public void close() throws SQLException {
        if (connection == null) {
            return;
        }
        try {
            if (!ended) {
                failed(new IllegalStateException("closed before it ended"));
            }
            execute("SELECT pg_advisory_unlock(" + LOCK_SPACE + ", hashtext(?))", id.toString());
        } catch (SQLException e) {
            // the lock goes with the connection anyway; the rotation's own outcome matters more
        } finally {
            connection.close();
        }
    }

    private void execute(String sql, Object... parameters) throws SQLException {
        if (connection == null) {
            return;
        }
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                ps.setObject(i + 1, parameters[i]);
            }
            ps.execute();
        }
    }

    private static String instance() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            host = "unknown-host";
        }
        return host + "/" + ProcessHandle.current().pid();
    }
}
