package dev.tenantry.persistence.internal;

import dev.tenantry.persistence.softdelete.SoftDeletes;
import org.eclipse.persistence.descriptors.ClassDescriptor;
import org.eclipse.persistence.expressions.Expression;
import org.eclipse.persistence.expressions.ExpressionBuilder;
import org.eclipse.persistence.queries.DeleteObjectQuery;

/**
 * What {@link dev.tenantry.persistence.softdelete.SoftDeleteCustomizer} adds for a soft-deletable
 * entity: its DELETE becomes an UPDATE of {@code deleted_at} (keeping EclipseLink's optimistic-lock
 * check, never touching an already-deleted row, bound to the row's tenant), and deleted rows are
 * hidden from every read EclipseLink builds (find, JPQL, Criteria, relationships).
 */
public final class SoftDeleteDescriptors {

    private SoftDeleteDescriptors() {
    }

    /** @param descriptor a soft-deletable entity's descriptor, already set up as every entity's */
    public static void customize(ClassDescriptor descriptor) {
        String table = descriptor.getTableName();
        DeleteObjectQuery softDelete = new DeleteObjectQuery();
        // EclipseLink refuses user SQL in multitenant units unless the query itself allows it
        softDelete.setAllowNativeSQLQuery(true);
        StringBuilder sql = new StringBuilder("UPDATE " + table
                + " SET deleted_at = CURRENT_TIMESTAMP, updated_at = CURRENT_TIMESTAMP, version = version + 1"
                + " WHERE id = #id AND version = #version AND deleted_at IS NULL");
        // user SQL gets no tenant predicate from EclipseLink: without this, a remove under the wrong
        // tenant would soft-delete another tenant's row (the discriminator is part of the key, so it
        // is in the statement's arguments)
        for (String column : TenantColumns.of(descriptor).keySet()) {
            sql.append(" AND ").append(column).append(" = #").append(column);
        }
        softDelete.setSQLString(sql.toString());
        descriptor.getQueryManager().setDeleteQuery(softDelete);

        // reads: deleted_at IS NULL, unless the EntityManager was created with INCLUDE_DELETED = "true"
        ExpressionBuilder row = new ExpressionBuilder();
        Expression includeDeleted = new DefaultedSessionProperty(SoftDeletes.INCLUDE_DELETED, row, "false");
        Expression live = row.get("deletedAt").isNull().or(includeDeleted.equal("true"));
        Expression existing = descriptor.getQueryManager().getAdditionalJoinExpression();
        descriptor.getQueryManager().setAdditionalJoinExpression(existing == null ? live : existing.and(live));
    }
}
