package dev.tenantry.persistence.jobs;

import dev.tenantry.persistence.TenantryException;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;

/**
 * A run in progress, from {@link JobRuns#start} or handed to {@link JobRuns.JobWork}. Holds one
 * connection (with the advisory lock that tells live runs from interrupted ones) until closed.
 *
 * <p>{@link #progress} keeps the row count in {@code job_runs} (the first report at once, then at most
 * once a second) and logs {@code done / total} with the rate at most every
 * {@value #LOG_EVERY_SECONDS} seconds. Not for use by several threads at once.
 */
public final class RunningJob implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(RunningJob.class.getName());
    /** Seconds between two progress lines in the log. */
    public static final int LOG_EVERY_SECONDS = 10;
    private static final long WRITE_EVERY_NANOS = Duration.ofSeconds(1).toNanos();

    private final Connection connection;
    private final UUID id;
    private final String job;
    private final long startNanos = System.nanoTime();
    private long done;
    private Long total;
    private boolean reported;
    private long lastWrite = startNanos - WRITE_EVERY_NANOS;   // the first report is written at once
    private long lastLog = startNanos;
    private boolean finished;
    private boolean closed;
    private final boolean exclusive;

    RunningJob(Connection connection, UUID id, String job, boolean exclusive) {
        this.connection = connection;
        this.id = id;
        this.job = job;
        this.exclusive = exclusive;
        LOG.log(Level.INFO, "Job " + job + " started (run " + id + ")");
    }

    /** @return the run's id, as in {@code job_runs} */
    public UUID id() {
        return id;
    }

    /** @return the job's name */
    public String job() {
        return job;
    }

    /** @return rows done so far */
    public long done() {
        return done;
    }

    /**
     * Reports how far the run is.
     *
     * @param done  rows (or items) done so far, 0 or more
     * @param total rows to do in all, when known
     */
    public void progress(long done, long total) {
        this.total = total;
        progress(done);
    }

    /**
     * Reports how far the run is, the total being unknown (or as reported before).
     *
     * @param done rows (or items) done so far, 0 or more
     */
    public void progress(long done) {
        if (done < 0) {
            throw new IllegalArgumentException("done must be 0 or more, got " + done);
        }
        this.done = done;
        this.reported = true;
        long now = System.nanoTime();
        if (now - lastWrite >= WRITE_EVERY_NANOS) {
            write("UPDATE job_runs SET rows_processed = ?, rows_total = ?, heartbeat_at = clock_timestamp()"
                    + " WHERE id = ?", null);
            lastWrite = now;
        }
        if (now - lastLog >= Duration.ofSeconds(LOG_EVERY_SECONDS).toNanos()) {
            LOG.log(Level.INFO, "Job " + job + ": " + describe(now));
            lastLog = now;
        }
    }

    /**
     * Adds to the rows done.
     *
     * @param rows rows just done
     */
    public void add(long rows) {
        progress(done + rows);
    }

    /** Ends the run as {@code SUCCEEDED}. */
    public void succeeded() {
        finish(JobStatus.SUCCEEDED, null);
    }

    /**
     * Ends the run as {@code FAILED}, storing {@link JobRuns#summary(Throwable)} of the failure. When
     * the run cannot be recorded (the database gone), that is added to {@code failure} as suppressed
     * instead of hiding it.
     *
     * @param failure why
     */
    public void failed(Throwable failure) {
        try {
            finish(JobStatus.FAILED, JobRuns.summary(failure));
        } catch (TenantryException recording) {   // the database gone, say: the job's own failure matters more
            failure.addSuppressed(recording);
        }
    }

    /** Releases the connection; a run neither succeeded nor failed by now is recorded as failed. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        try {
            if (!finished) {
                finish(JobStatus.FAILED, "Closed before it succeeded or failed");
            }
        } finally {
            closed = true;
            try {
                // session locks outlive the connection's return to a pool: release them explicitly
                JobRuns.lock(connection, "pg_advisory_unlock", JobRuns.LOCK_SPACE, id.toString());
                if (exclusive) {
                    JobRuns.lock(connection, "pg_advisory_unlock", JobRuns.EXCLUSIVE_SPACE, job);
                }
            } catch (SQLException e) {
                LOG.log(Level.DEBUG, "Advisory lock of run " + id + " not released (SQLState " + e.getSQLState() + ")");
            }
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.log(Level.DEBUG, "Connection of run " + id + " not closed (SQLState " + e.getSQLState() + ")");
            }
        }
    }

    boolean reported() {
        return reported;
    }

    private void finish(JobStatus status, String error) {
        if (finished) {
            throw new IllegalStateException("Run " + id + " of job " + job + " has already ended");
        }
        finished = true;
        long now = System.nanoTime();
        // timed before it is written: a job that fails because the database went away still shows as failed
        JobRuns.timed(job, status, now - startNanos);
        write("UPDATE job_runs SET rows_processed = ?, rows_total = ?, heartbeat_at = clock_timestamp(),"
                + " finished_at = clock_timestamp(), status = '" + status.name() + "', error = ? WHERE id = ?", error);
        String line = "Job " + job + " " + status.name().toLowerCase(Locale.ROOT) + ": " + describe(now);
        LOG.log(status == JobStatus.SUCCEEDED ? Level.INFO : Level.WARNING, error == null ? line : line + "; " + error);
    }

    private String describe(long now) {
        double seconds = Math.max(1e-3, (now - startNanos) / 1e9);
        String rows = total == null ? done + " rows" : done + " of " + total + " rows"
                + (total > 0 ? String.format(Locale.ROOT, " (%d%%)", done * 100 / total) : "");
        return rows + String.format(Locale.ROOT, " in %.1f s, %.0f rows/s", seconds, done / seconds);
    }

    /** Runs an UPDATE of this run's row; {@code error} is bound only when the statement has four parameters. */
    private void write(String sql, String error) {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setLong(1, done);
            ps.setObject(2, total);
            if (sql.contains("error = ?")) {
                ps.setString(3, error);
                ps.setObject(4, id);
            } else {
                ps.setObject(3, id);
            }
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new TenantryException("Could not update run " + id + " of job '" + job + "' in job_runs (SQLState "
                    + e.getSQLState() + ")", e);
        }
    }
}
