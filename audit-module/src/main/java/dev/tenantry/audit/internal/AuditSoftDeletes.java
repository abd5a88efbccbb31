package dev.tenantry.audit.internal;

import dev.tenantry.audit.ActivityTypes;
import dev.tenantry.audit.Audited;
import dev.tenantry.tenancy.TenancySettings;
import java.sql.Connection;
import java.util.Map;
import java.util.UUID;

/** restored / purged activities of {@link Audited} entities (Tenantry runs both as SQL, without events). */
public final class AuditSoftDeletes implements dev.tenantry.persistence.spi.SoftDeleteListener {

    @Override
    public void restored(Connection connection, Class<?> entity, UUID id, Map<String, Object> tenant) {
        UUID org = tenantOf(tenant);
        if (entity.isAnnotationPresent(Audited.class) && org != null) {
            ActivityWriter.write(connection, org, ActivityTypes.RESTORED, entity.getSimpleName(), id, null, "{}");
        }
    }

    @Override
    public void purged(Connection connection, Class<?> entity, long rows, Map<String, Object> tenant) {
        UUID org = tenantOf(tenant);
        if (entity.isAnnotationPresent(Audited.class) && org != null) {
            ActivityWriter.write(connection, org, ActivityTypes.PURGED, entity.getSimpleName(), null, null,
                    Json.object(Map.of("rows", rows)));
        }
    }

    private static UUID tenantOf(Map<String, Object> tenant) {
        Object value = tenant.get(TenancySettings.TENANT_COLUMN);
        return value == null ? null : value instanceof UUID u ? u : UUID.fromString(value.toString());
    }
}
