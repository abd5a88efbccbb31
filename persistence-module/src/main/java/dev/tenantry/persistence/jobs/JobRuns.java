package dev.tenantry.persistence.jobs;

import dev.tenantry.persistence.TenantryException;
import dev.tenantry.persistence.Uuids;
import dev.tenantry.persistence.metrics.TenantryMetrics;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Records each run of a maintenance job in {@code job_runs} (Tenantry's migration {@code V1_1_0}):
 * its name, tenant, start and end, status, rows processed and, when it failed, an error summary that
 * never holds a value or a secret. Tenantry records its own jobs here — {@value #MIGRATIONS},
 * {@value #SEEDS}, {@value #KEY_ROTATION}, {@value #SOFT_DELETE_PURGE}, {@value #ACTIVITY_RETENTION} —
 * and applications can record theirs:
 * <pre>{@code
 * long sent = new JobRuns(dataSource).call("reports.monthly", null, run -> {
 *     List<Report> due = reports.due();
 *     for (int i = 0; i < due.size(); i++) {
 *         send(due.get(i));
 *         run.progress(i + 1, due.size());   // kept in the row, logged every few seconds with the rate
 *     }
 *     return (long) due.size();
 * });
 * }</pre>
 *
 * <p><b>Interrupted runs.</b> While it runs, a job holds one connection of {@code dataSource} with a
 * PostgreSQL session-level advisory lock keyed by the run's id. A server that dies takes the
 * connection, and so the lock, with it; {@link #markInterrupted()} (called by Tenantry at every
 * start) turns each {@code RUNNING} run whose lock is free into {@code INTERRUPTED}. Runs of other
 * live servers keep their lock and stay {@code RUNNING}. Therefore: record runs on connections that
 * reach PostgreSQL directly (not through a transaction-pooling proxy), and outside a JTA transaction
 * (the run's row must be visible while it runs, and survive a rollback of the job's work): from a
 * bean-managed or {@code NOT_SUPPORTED} method, a timer or a plain thread, or with a non-JTA
 * DataSource.
 *
 * <p>An operator's API: it reads every tenant's runs (names, times and counts, no data). Thread-safe.
 */
public final class JobRuns {

    /** Flyway migrations at start-up. */
    public static final String MIGRATIONS = "tenantry.migrations";
    /** Seeds at start-up; rows are the seeds that ran. */
    public static final String SEEDS = "tenantry.seeds";
    /** Re-encryption of a column under the active key; rows are values re-encrypted. */
    public static final String KEY_ROTATION = "tenantry.key-rotation";
    /** Removal of soft-deleted rows past their retention; rows are rows removed. */
    public static final String SOFT_DELETE_PURGE = "tenantry.soft-delete-purge";
    /** Removal of activities past their retention; rows are activities removed. */
    public static final String ACTIVITY_RETENTION = "tenantry.activity-retention";

    /** Erasure of one organization's data ({@code OrganizationOffboarding.erase}); rows are rows deleted. */
    public static final String ORGANIZATION_ERASURE = "tenantry.organization-erasure";
    /** Export of one organization's data ({@code OrganizationOffboarding.export}); rows are rows written. */
    public static final String ORGANIZATION_EXPORT = "tenantry.organization-export";

    /** First key of the advisory locks that mark live runs (the second is the run id's hash). */
    static final int LOCK_SPACE = 0x4a6f6252;   // "JobR"
    /** First key of the advisory locks that keep a job exclusive (the second is the job name's hash). */
    static final int EXCLUSIVE_SPACE = 0x4a6f6245;   // "JobE"
    private static final int MAX_ERROR = 2000;
    private static final String COLUMNS = "id, job, tenant_id, instance, status, started_at, finished_at,"
            + " rows_processed, rows_total, error";
    private static final String INSTANCE = instanceName();

    private final DataSource dataSource;

    /** @param dataSource the database holding {@code job_runs}; see the class description for which connections */
    public JobRuns(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /**
     * Work recorded as one run.
     *
     * @param <T> what it returns
     */
    @FunctionalInterface
    public interface JobWork<T> {
        /**
         * @param run the run, to report progress on
         * @return the result
         * @throws Exception any failure: the run is recorded as failed and the failure rethrown
         */
        T call(RunningJob run) throws Exception;
    }

    /**
     * Runs {@code work} as one recorded run: {@code SUCCEEDED} when it returns, {@code FAILED} when it
     * throws (the exception is rethrown as it is, checked ones wrapped in a {@link TenantryException}).
     * When it returns a {@link Number} and reported no progress, that number is the run's row count.
     *
     * @param job    the job's name (up to 200 characters), e.g. {@code "reports.monthly"}
     * @param tenant the organization the run is for, or {@code null}
     * @param work   the job
     * @param <T>    what it returns
     * @return what {@code work} returned
     */
    public <T> T call(String job, UUID tenant, JobWork<T> work) {
        Objects.requireNonNull(work, "work");
        return complete(start(job, tenant), work);
    }

    /** Runs {@code work} in {@code run} and ends it as it went; closes it. */
    private static <T> T complete(RunningJob run, JobWork<T> work) {
        try (run) {
            T result;
            try {
                result = work.call(run);
            } catch (RuntimeException | Error e) {
                run.failed(e);
                throw e;
            } catch (Exception e) {
                run.failed(e);
                throw new TenantryException("Job '" + run.job() + "' failed: " + summary(e), e);
            }
            if (result instanceof Number n && !run.reported()) {
                run.progress(n.longValue());
            }
            run.succeeded();
            return result;
        }
    }

    /**
     * {@link #call} for work that returns nothing.
     *
     * @param job    the job's name
     * @param tenant the organization the run is for, or {@code null}
     * @param work   the job
     */
    public void run(String job, UUID tenant, java.util.function.Consumer<RunningJob> work) {
        Objects.requireNonNull(work, "work");
        call(job, tenant, run -> {
            work.accept(run);
            return null;
        });
    }

    /**
     * Starts a run by hand; end it with {@link RunningJob#succeeded()} or {@link RunningJob#failed},
     * and close it (a run closed before either counts as failed). Prefer {@link #call}.
     *
     * @param job    the job's name
     * @param tenant the organization the run is for, or {@code null}
     * @return the running job, holding one connection until closed
     * @throws TenantryException when the table is missing, or the connection is inside a transaction
     */
    public RunningJob start(String job, UUID tenant) {
        return start(job, tenant, null);
    }

    /**
     * {@link #call} unless another run of the same job is running anywhere (on any server sharing the
     * database) or succeeded less than {@code notWithin} ago: then nothing runs and nothing is
     * recorded. For scheduled work that every server schedules and one should do: two servers
     * whose timers fire together run it once, and a server whose timer fires shortly after
     * another's finished skips it.
     *
     * @param job       the job's name
     * @param tenant    the organization the run is for, or {@code null}
     * @param notWithin how recent a successful run makes this one unnecessary
     * @param work      the job
     * @param <T>       what it returns
     * @return what {@code work} returned, or empty when it did not run
     */
    public <T> Optional<T> callExclusively(String job, UUID tenant, Duration notWithin, JobWork<T> work) {
        Objects.requireNonNull(notWithin, "notWithin");
        Objects.requireNonNull(work, "work");
        RunningJob run = start(job, tenant, notWithin);
        return run == null ? Optional.empty() : Optional.ofNullable(complete(run, work));
    }

    /** Starts a run; with {@code exclusiveWithin}, only when no other is running or recently succeeded (else null). */
    private RunningJob start(String job, UUID tenant, Duration exclusiveWithin) {
        requireName(job);
        UUID id = Uuids.timeOrdered();
        Connection c = null;
        boolean exclusive = false;
        try {
            c = dataSource.getConnection();
            if (!c.getAutoCommit()) {
                throw new TenantryException("Job '" + job + "' cannot be recorded on a connection inside a transaction:"
                        + " its run must be visible while it runs and outlive a rollback. Start it outside a JTA"
                        + " transaction (bean-managed or NOT_SUPPORTED), or give JobRuns a non-JTA DataSource.");
            }
            if (exclusiveWithin != null) {
                if (!lock(c, "pg_try_advisory_lock", EXCLUSIVE_SPACE, job)) {
                    close(c);
                    return null;
                }
                exclusive = true;
                if (succeededWithin(c, job, exclusiveWithin)) {
                    lock(c, "pg_advisory_unlock", EXCLUSIVE_SPACE, job);
                    close(c);
                    return null;
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO job_runs (id, job, tenant_id, instance, status,"
                    + " started_at, heartbeat_at) VALUES (?, ?, ?, ?, 'RUNNING', clock_timestamp(), clock_timestamp())")) {
                ps.setObject(1, id);
                ps.setString(2, job);
                ps.setObject(3, tenant);
                ps.setString(4, INSTANCE);
                ps.executeUpdate();
            }
            lock(c, "pg_advisory_lock", LOCK_SPACE, id.toString());
            return new RunningJob(c, id, job, exclusive);
        } catch (SQLException e) {
            abandon(c, exclusive ? job : null);
            throw new TenantryException("Could not record a run of job '" + job + "' in job_runs (SQLState "
                    + e.getSQLState() + "). Is Tenantry's migration V1_1_0 applied?", e);
        } catch (RuntimeException e) {
            abandon(c, exclusive ? job : null);
            throw e;
        }
    }

    /** Closes a connection a run could not start on, releasing the job's exclusive lock first (a pool keeps session locks). */
    private static void abandon(Connection c, String exclusiveJob) {
        if (c != null && exclusiveJob != null) {
            try {
                lock(c, "pg_advisory_unlock", EXCLUSIVE_SPACE, exclusiveJob);
            } catch (SQLException ignored) {
                // the original failure matters more
            }
        }
        close(c);
    }

    private static boolean succeededWithin(Connection c, String job, Duration within) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT EXISTS (SELECT 1 FROM job_runs WHERE job = ?"
                + " AND status = 'SUCCEEDED' AND started_at > clock_timestamp() - (? * INTERVAL '1 millisecond'))")) {
            ps.setString(1, job);
            ps.setLong(2, within.toMillis());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** @return whether {@code job_runs} exists (Tenantry's migration {@code V1_1_0} is applied) */
    public boolean exists() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT to_regclass('job_runs') IS NOT NULL");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getBoolean(1);
        } catch (SQLException e) {
            throw new TenantryException("Could not look for job_runs (SQLState " + e.getSQLState() + ")", e);
        }
    }

    /**
     * Records a run that already ended (for work that ran before {@code job_runs} existed, such as the
     * very first migrations).
     *
     * @param job        the job's name
     * @param tenant     the organization, or {@code null}
     * @param startedAt  when it started
     * @param finishedAt when it ended
     * @param rows       rows processed
     * @param failure    why it failed, or {@code null} when it succeeded
     * @return the recorded run
     */
    public JobRun record(String job, UUID tenant, Instant startedAt, Instant finishedAt, long rows, Throwable failure) {
        requireName(job);
        UUID id = Uuids.timeOrdered();
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO job_runs (id, job, tenant_id, instance, status,"
                     + " started_at, finished_at, heartbeat_at, rows_processed, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setObject(1, id);
            ps.setString(2, job);
            ps.setObject(3, tenant);
            ps.setString(4, INSTANCE);
            ps.setString(5, (failure == null ? JobStatus.SUCCEEDED : JobStatus.FAILED).name());
            ps.setTimestamp(6, Timestamp.from(startedAt));
            ps.setTimestamp(7, Timestamp.from(finishedAt));
            ps.setTimestamp(8, Timestamp.from(finishedAt));
            ps.setLong(9, rows);
            ps.setString(10, failure == null ? null : summary(failure));
            ps.executeUpdate();
            timed(job, failure == null ? JobStatus.SUCCEEDED : JobStatus.FAILED,
                    Duration.between(startedAt, finishedAt).toNanos());
        } catch (SQLException e) {
            throw new TenantryException("Could not record a run of job '" + job + "' in job_runs (SQLState "
                    + e.getSQLState() + ")", e);
        }
        return find(id).orElseThrow();
    }

    /** Adds a run that ended to {@link TenantryMetrics#JOB_DURATION}. */
    static void timed(String job, JobStatus status, long nanos) {
        TenantryMetrics.timer(TenantryMetrics.JOB_DURATION, "Durations of job runs", "job", job,
                "status", status.name().toLowerCase(Locale.ROOT)).record(nanos);
    }

    /**
     * Marks as {@code INTERRUPTED} every {@code RUNNING} run whose server is gone (its advisory lock
     * is free). Tenantry calls it at every start; safe to call at any time, from any server.
     *
     * @return the runs marked
     */
    public List<JobRun> markInterrupted() {
        List<UUID> marked = new ArrayList<>();
        try (Connection c = dataSource.getConnection()) {
            List<UUID> running = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM job_runs WHERE status = 'RUNNING'");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    running.add(rs.getObject(1, UUID.class));
                }
            }
            for (UUID id : running) {
                if (lock(c, "pg_try_advisory_lock", LOCK_SPACE, id.toString())) {
                    try (PreparedStatement ps = c.prepareStatement("UPDATE job_runs SET status = 'INTERRUPTED',"
                            + " finished_at = heartbeat_at, error = ? WHERE id = ? AND status = 'RUNNING'")) {
                        ps.setString(1, "Interrupted: the server or connection running it went away before it finished;"
                                + " found at a later start");
                        ps.setObject(2, id);
                        if (ps.executeUpdate() == 1) {
                            marked.add(id);
                        }
                    } finally {
                        lock(c, "pg_advisory_unlock", LOCK_SPACE, id.toString());
                    }
                }
            }
        } catch (SQLException e) {
            throw new TenantryException("Could not look for interrupted job runs (SQLState " + e.getSQLState() + ")", e);
        }
        List<JobRun> runs = new ArrayList<>();
        marked.forEach(id -> find(id).ifPresent(runs::add));
        return runs;
    }

    /** @return the most recent run of each job, by job name */
    public List<JobRun> latest() {
        return query("SELECT DISTINCT ON (job) " + COLUMNS + " FROM job_runs ORDER BY job, started_at DESC, id DESC");
    }

    /**
     * @param limit at most this many, newest first
     * @return runs that failed or were interrupted
     */
    public List<JobRun> failed(int limit) {
        return query("SELECT " + COLUMNS + " FROM job_runs WHERE status IN ('FAILED', 'INTERRUPTED')"
                + " ORDER BY started_at DESC, id DESC LIMIT ?", limit(limit));
    }

    /**
     * @param job   a job's name
     * @param limit at most this many, newest first
     * @return that job's runs
     */
    public List<JobRun> history(String job, int limit) {
        return query("SELECT " + COLUMNS + " FROM job_runs WHERE job = ? ORDER BY started_at DESC, id DESC LIMIT ?",
                requireName(job), limit(limit));
    }

    /** @return runs now {@code RUNNING}, oldest first */
    public List<JobRun> running() {
        return query("SELECT " + COLUMNS + " FROM job_runs WHERE status = 'RUNNING' ORDER BY started_at, id");
    }

    /**
     * @param id a run's id
     * @return that run
     */
    public Optional<JobRun> find(UUID id) {
        return query("SELECT " + COLUMNS + " FROM job_runs WHERE id = ?", Objects.requireNonNull(id, "id"))
                .stream().findFirst();
    }

    /**
     * Deletes finished runs that started longer ago than {@code age} (the table's own retention).
     *
     * @param age how long runs are kept
     * @return how many were deleted
     */
    public int deleteOlderThan(Duration age) {
        if (age.isNegative()) {
            throw new IllegalArgumentException("age must not be negative, got " + age);
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM job_runs WHERE status <> 'RUNNING'"
                     + " AND started_at < clock_timestamp() - (? * INTERVAL '1 millisecond')")) {
            ps.setLong(1, age.toMillis());
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new TenantryException("Could not delete old job runs (SQLState " + e.getSQLState() + ")", e);
        }
    }

    /**
     * The error summary Tenantry stores for a failure: each exception of the cause chain by type, with
     * its SQLState when it has one and its message only when it is one of Tenantry's own (whose
     * messages never hold values); never a driver's or a provider's message, which may quote a row's
     * values or a statement.
     *
     * @param failure the failure
     * @return at most 2000 characters
     */
    public static String summary(Throwable failure) {
        StringBuilder s = new StringBuilder();
        Set<Throwable> seen = new HashSet<>();
        for (Throwable t = failure; t != null && seen.add(t) && seen.size() <= 10; t = t.getCause()) {
            if (s.length() > 0) {
                s.append(" <- ");
            }
            s.append(t.getClass().getSimpleName());
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                s.append(" (SQLState ").append(sql.getSQLState()).append(')');
            }
            if (t.getClass().getName().startsWith("dev.tenantry.") && t.getMessage() != null) {
                s.append(": ").append(t.getMessage().strip());
            }
        }
        return s.length() <= MAX_ERROR ? s.toString() : s.substring(0, MAX_ERROR - 1) + "…";
    }

    /** @return the name this JVM records as a run's instance: host and process id */
    public static String instance() {
        return INSTANCE;
    }

    /** Calls an advisory-lock function ({@code pg_try_advisory_lock}, {@code pg_advisory_unlock}, ...) on {@code (space, hashtext(key))}. */
    static boolean lock(Connection c, String function, int space, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + function + "(?, hashtext(?))::text")) {
            ps.setInt(1, space);
            ps.setString(2, key);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return !"false".equals(rs.getString(1));
            }
        }
    }

    private List<JobRun> query(String sql, Object... parameters) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                ps.setObject(i + 1, parameters[i]);
            }
            List<JobRun> runs = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Timestamp finished = rs.getTimestamp(7);
                    Long total = rs.getObject(9, Long.class);
                    runs.add(new JobRun(rs.getObject(1, UUID.class), rs.getString(2), rs.getObject(3, UUID.class),
                            rs.getString(4), JobStatus.valueOf(rs.getString(5)), rs.getTimestamp(6).toInstant(),
                            finished == null ? null : finished.toInstant(), rs.getLong(8), total, rs.getString(10)));
                }
            }
            return runs;
        } catch (SQLException e) {
            throw new TenantryException("Could not read job_runs (SQLState " + e.getSQLState() + ")", e);
        }
    }

    private static int limit(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be 1 or more, got " + limit);
        }
        return limit;
    }

    private static String requireName(String job) {
        if (job == null || job.isBlank() || job.length() > 200) {
            throw new IllegalArgumentException("A job's name must be 1 to 200 characters, got "
                    + (job == null ? "null" : job.length() + " characters"));
        }
        return job;
    }

    private static void close(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // the original failure matters more
            }
        }
    }

    private static String instanceName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown-host";
        }
        String name = host + "/" + ManagementFactory.getRuntimeMXBean().getPid();
        return name.length() <= 200 ? name : name.substring(0, 200);
    }
}
