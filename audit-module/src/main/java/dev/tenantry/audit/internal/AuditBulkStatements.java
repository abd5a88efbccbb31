package dev.tenantry.audit.internal;

import dev.tenantry.audit.ActivityTypes;
import dev.tenantry.audit.Audited;
import dev.tenantry.persistence.internal.TransactionConnections;
import dev.tenantry.tenancy.TenantId;
import dev.tenantry.tenancy.spi.BulkStatementListener;
import jakarta.persistence.EntityManager;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Bulk JPQL UPDATE / DELETE on an {@link Audited} entity passes no entity events, so it is audited as
 * one Activity ({@code bulk-updated} / {@code bulk-deleted}) with the statement's JPQL text — its scope,
 * without parameter values, and with string literals masked, since one could hold a value that must
 * not be logged — and the row count, in the statement's transaction.
 */
public final class AuditBulkStatements implements BulkStatementListener {

    private static final Pattern STRING_LITERAL = Pattern.compile("'(?:[^']|'')*'");

    @Override
    public void executed(EntityManager em, TenantId tenant, Class<?> entity, String statement, boolean delete, int rows) {
        if (entity.isAnnotationPresent(Audited.class)) {
            ActivityWriter.write(TransactionConnections.of(em), tenant.value(),
                    delete ? ActivityTypes.BULK_DELETED : ActivityTypes.BULK_UPDATED, entity.getSimpleName(), null, null,
                    Json.object(Map.of("statement", masked(statement), "rows", rows)));
        }
    }

    static String masked(String jpql) {
        return jpql == null ? "" : STRING_LITERAL.matcher(jpql).replaceAll("'…'");
    }
}
