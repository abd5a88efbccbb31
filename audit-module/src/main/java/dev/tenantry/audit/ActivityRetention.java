package dev.tenantry.audit;

import dev.tenantry.audit.internal.ActivityWriter;
import dev.tenantry.tenancy.TenantId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Deletes one organization's activities older than a given age, in batches of one transaction each
 * (a long purge never holds one huge transaction), then records the run itself as one
 * {@value ActivityTypes#ACTIVITIES_PURGED} activity with the count and the age. For a job: run it as
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

    private final DataSource dataSource;

    /** @param dataSource where the activities are */
    public ActivityRetention(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /**
     * @param tenant    the organization
     * @param olderThan age beyond which activities go, at least {@link #MINIMUM_AGE}
     * @param batchSize rows per transaction, 1 or more
     * @return how many were deleted
     * @throws SQLException when the database refuses; batches committed before stay committed
     */
    public long purge(TenantId tenant, Duration olderThan, int batchSize) throws SQLException {
        if (olderThan.compareTo(MINIMUM_AGE) < 0 || batchSize < 1) {
            throw new IllegalArgumentException("olderThan must be at least " + MINIMUM_AGE + " and batchSize >= 1, got "
                    + olderThan + " and " + batchSize);
        }
        long total = 0;
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
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
                } while (removed == batchSize);
                ActivityWriter.write(c, tenant.value(), ActivityTypes.ACTIVITIES_PURGED, null, null, null,
                        "{\"rows\":" + total + ",\"olderThan\":\"" + olderThan + "\"}");
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        }
        return total;
    }
}
