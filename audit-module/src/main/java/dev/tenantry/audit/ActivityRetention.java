package dev.tenantry.audit;

import dev.tenantry.audit.internal.ActivityWriter;
import dev.tenantry.tenancy.RowSecurity;
import dev.tenantry.tenancy.TenantId;
import java.sql.Connection;
import java.sql.PreparedStatement;
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
 */
public final class ActivityRetention {

    private final DataSource dataSource;

    /** @param dataSource where the activities are */
    public ActivityRetention(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /**
     * @param tenant    the organization
     * @param olderThan age beyond which activities go, positive
     * @param batchSize rows per transaction, 1 or more
     * @return how many were deleted
     * @throws SQLException when the database refuses; batches committed before stay committed
     */
    public long purge(TenantId tenant, Duration olderThan, int batchSize) throws SQLException {
        if (olderThan.isNegative() || olderThan.isZero() || batchSize < 1) {
            throw new IllegalArgumentException("olderThan must be positive and batchSize >= 1, got " + olderThan
                    + " and " + batchSize);
        }
        long total = 0;
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try (PreparedStatement ps = RowSecurity.prepareStatement(c, tenant, "DELETE FROM activities WHERE organization_id = ? AND id IN"
                    + " (SELECT id FROM activities WHERE organization_id = ?"
                    + " AND created_at < CURRENT_TIMESTAMP - (? * INTERVAL '1 millisecond')"
                    + " ORDER BY created_at LIMIT ?)")) {
                int removed;
                do {
                    ps.setObject(1, tenant.value());
                    ps.setObject(2, tenant.value());
                    ps.setLong(3, olderThan.toMillis());
                    ps.setInt(4, batchSize);
                    removed = ps.executeUpdate();
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
