package dev.tenantry.audit.internal;

import dev.tenantry.tenancy.TenantId;
import dev.tenantry.tenancy.spi.ErasureParticipant;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Set;

/**
 * Erases a deleted organization's activities for {@code OrganizationOffboarding.erase}: the trail is
 * append-only for the runtime role, so through {@code tenantry_erase_activities} (owner's rights, only
 * for a soft-deleted organization).
 */
public final class AuditErasure implements ErasureParticipant {

    @Override
    public Set<String> tables() {
        return Set.of("activities");
    }

    @Override
    public int eraseBatch(Connection connection, TenantId org, int batchSize) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT tenantry_erase_activities(?, ?)")) {
            ps.setObject(1, org.value());
            ps.setInt(2, batchSize);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
