package dev.tenantry.audit;

import dev.tenantry.audit.internal.ActivityWriter;
import dev.tenantry.persistence.internal.Config;
import dev.tenantry.persistence.internal.JdbcCleanup;
import dev.tenantry.persistence.jobs.JobRuns;
import dev.tenantry.persistence.jobs.RunningJob;
import dev.tenantry.tenancy.TenantId;
import dev.tenantry.tenancy.internal.OrganizationIds;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Deletes one organization's activities older than a given age, in batches of one transaction each
 * (a long purge never holds one huge transaction), then records what it removed as one
 * {@value ActivityTypes#ACTIVITIES_PURGED} activity with the count and the age (none when nothing went),
 * and the run itself in {@code job_runs}. For a job: run it as
 * a {@code system:...} actor ({@link AuditContext#runAs}). Use a non-JTA DataSource, or call it
 * outside a JTA transaction.
 *
 * <p>The trail is append-only for the runtime role ({@code tenantry_app} may insert and read
 * activities, not change or delete them): the purge goes through the database function
 * {@code tenantry_purge_activities}, which runs as the table's owner and deletes by age only, never
 * younger than {@link #MINIMUM_AGE}.
 */
public final class ActivityRetention {

    /** The youngest activities a purge may delete: the last day of the trail stays. */
    public static final Duration MINIMUM_AGE = Duration.ofDays(1);

    /**
     * Setting: how long activities are kept, as an ISO-8601 duration of at least a day (e.g.
     * {@code P400D}); unset (default) keeps them forever. When set, and scheduled maintenance is on
     * ({@code tenantry.maintenance.every}), every organization's older activities are purged once
     * per period, recorded as a {@value JobRuns#ACTIVITY_RETENTION} job run.
     */
    public static final String RETENTION = "tenantry.audit.retention";

    private final DataSource dataSource;

    /** @param dataSource where the activities are */
    public ActivityRetention(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /**
     * Purges one organization's old activities, recorded as one {@value JobRuns#ACTIVITY_RETENTION}
     * run for that tenant.
     *
     * @param tenant    the organization
     * @param olderThan age beyond which activities go, at least {@link #MINIMUM_AGE}
     * @param batchSize rows per transaction, 1 or more
     * @return how many were deleted
     * @throws SQLException when the database refuses; batches committed before stay committed
     */
    public long purge(TenantId tenant, Duration olderThan, int batchSize) throws SQLException {
        check(olderThan, batchSize);
        return recorded(tenant.value(), run -> purge(tenant, olderThan, batchSize, run));
    }

    /**
     * Purges the old activities of every organization (deleted ones too), one after another, as one
     * {@value JobRuns#ACTIVITY_RETENTION} run.
     *
     * @param olderThan age beyond which activities go, at least {@link #MINIMUM_AGE}
     * @param batchSize rows per transaction, 1 or more
     * @return how many were deleted
     * @throws SQLException when the database refuses; batches committed before stay committed
     */
    public long purgeAll(Duration olderThan, int batchSize) throws SQLException {
        check(olderThan, batchSize);
        return recorded(null, run -> purgeAll(olderThan, batchSize, run));
    }

    /**
     * {@link #purgeAll(Duration, int)} inside a run someone else records (the maintenance schedule).
     *
     * @param olderThan age beyond which activities go
     * @param batchSize rows per transaction
     * @param run       the run; rows deleted are added to it
     * @return how many were deleted
     * @throws SQLException when the database refuses
     */
    public long purgeAll(Duration olderThan, int batchSize, RunningJob run) throws SQLException {
        check(olderThan, batchSize);
        List<UUID> organizations;
        try (Connection c = dataSource.getConnection()) {
            organizations = OrganizationIds.all(c);
        }
        long total = 0;
        for (UUID organization : organizations) {
            total += purge(new TenantId(organization), olderThan, batchSize, run);
        }
        return total;
    }

    /**
     * @return the configured {@link #RETENTION}, if set
     * @throws dev.tenantry.persistence.InvalidConfigurationException naming the key when it is not a duration of at least a day
     */
    public static Optional<Duration> configured() {
        return Config.getDuration(RETENTION, MINIMUM_AGE, "an ISO-8601 duration of at least a day, such as P400D");
    }

    private interface Purge {
        long run(RunningJob run) throws SQLException;
    }

    private long recorded(UUID tenant, Purge purge) throws SQLException {
        try (RunningJob run = new JobRuns(dataSource).start(JobRuns.ACTIVITY_RETENTION, tenant)) {
            try {
                long total = purge.run(run);
                run.succeeded();
                return total;
            } catch (SQLException | RuntimeException e) {
                run.failed(e);
                throw e;
            }
        }
    }

    private long purge(TenantId tenant, Duration olderThan, int batchSize, RunningJob run) throws SQLException {
        long total = 0;
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            Exception failure = null;
            try (PreparedStatement ps = c.prepareStatement("SELECT tenantry_purge_activities(?, ?, ?)")) {
                int removed;
                do {
                    ps.setObject(1, tenant.value());
                    ps.setLong(2, olderThan.toMillis());
                    ps.setInt(3, batchSize);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        removed = rs.getInt(1);
                    }
                    c.commit();
                    total += removed;
                    run.add(removed);
                } while (removed == batchSize);
                if (total > 0) {
                    ActivityWriter.write(c, tenant.value(), ActivityTypes.ACTIVITIES_PURGED, null, null, null,
                            "{\"rows\":" + total + ",\"olderThan\":\"" + olderThan + "\"}");
                    c.commit();
                }
            } catch (SQLException | RuntimeException e) {
                failure = e;
                throw e;
            } finally {
                // after the last commit there is nothing to roll back (the driver then sends nothing)
                JdbcCleanup.after(failure, c::rollback, () -> c.setAutoCommit(autoCommit));
            }
        }
        return total;
    }

    private static void check(Duration olderThan, int batchSize) {
        if (olderThan.compareTo(MINIMUM_AGE) < 0 || batchSize < 1) {
            throw new IllegalArgumentException("olderThan must be at least " + MINIMUM_AGE + " and batchSize >= 1, got "
                    + olderThan + " and " + batchSize);
        }
    }
}
