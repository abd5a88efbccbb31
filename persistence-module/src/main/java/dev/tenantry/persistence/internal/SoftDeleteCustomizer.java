package dev.tenantry.persistence.internal;

import dev.tenantry.persistence.softdelete.SoftDeletes;
import org.eclipse.persistence.descriptors.ClassDescriptor;
import org.eclipse.persistence.expressions.Expression;
import org.eclipse.persistence.expressions.ExpressionBuilder;
import org.eclipse.persistence.queries.DeleteObjectQuery;

/**
 * Turns the DELETE of a soft-deletable entity into an UPDATE of {@code deleted_at}, and hides
 * deleted rows from every read EclipseLink builds (find, JPQL, Criteria, relationships).
 *
 * <p>Named by {@code @Customizer} on {@code SoftDeletableEntity} and inherited by every entity that
 * extends it. The statement keeps EclipseLink's optimistic-lock check (a concurrent change raises
 * {@code OptimisticLockException}) and never touches an already-deleted row.
 */
public final class SoftDeleteCustomizer extends EntityCustomizer {

    @Override
    public void customize(ClassDescriptor descriptor) throws Exception {
        super.customize(descriptor);
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
