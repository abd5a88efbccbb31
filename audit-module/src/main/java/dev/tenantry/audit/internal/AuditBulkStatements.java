package dev.tenantry.audit.internal;

import dev.tenantry.audit.ActivityTypes;
import dev.tenantry.audit.Audited;
import dev.tenantry.tenancy.TenantId;
import dev.tenantry.tenancy.spi.BulkStatementListener;
import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.util.Map;

/**
 * Bulk JPQL UPDATE / DELETE on an {@link Audited} entity passes no entity events, so it is audited as
 * one Activity ({@code bulk-updated} / {@code bulk-deleted}) with the statement's JPQL text — its scope,
 * without parameter values — and the row count, in the statement's transaction.
 */
public final class AuditBulkStatements implements BulkStatementListener {

    @Override
    public void executed(EntityManager em, TenantId tenant, Class<?> entity, String statement, boolean delete, int rows) {
        if (entity.isAnnotationPresent(Audited.class)) {
            ActivityWriter.write(em.unwrap(Connection.class), tenant.value(),
                    delete ? ActivityTypes.BULK_DELETED : ActivityTypes.BULK_UPDATED, entity.getSimpleName(), null, null,
                    Json.object(Map.of("statement", statement == null ? "" : statement, "rows", rows)));
        }
    }
}
