package dev.tenantry.tenancy.internal;

import java.util.Objects;
import org.eclipse.persistence.config.DescriptorCustomizer;
import org.eclipse.persistence.descriptors.ClassDescriptor;
import org.eclipse.persistence.descriptors.VersionLockingPolicy;
import org.eclipse.persistence.expressions.Expression;
import org.eclipse.persistence.expressions.ExpressionBuilder;
import org.eclipse.persistence.internal.helper.DatabaseField;
import org.eclipse.persistence.mappings.DatabaseMapping;
import org.eclipse.persistence.mappings.foundation.AbstractDirectMapping;
import org.eclipse.persistence.queries.ObjectLevelModifyQuery;

/**
 * Updates and deletes by the database's whole key for entities that are tenant rows in the database
 * but not multitenant in EclipseLink — Tenantry's {@code Membership}: its table's key is
 * {@code (organization_id, id)}, its JPA id is {@code id} alone. EclipseLink writes
 * {@code WHERE id = ? AND version = ?}, which PostgreSQL answers with a scan of the table (the key's
 * index leads with the organization) and Citus sends to every shard. With this the statements say
 * {@code WHERE id = ? AND version = ? AND organization_id = ?}: one index probe, one shard.
 *
 * <p>Applies to a descriptor that is not multitenant, has version locking, and maps
 * {@code organization_id} as neither insertable-only-null nor updatable (so the value the object holds
 * is the value in the row). Run for each {@code BaseEntity} through {@code META-INF/services}.
 */
public final class TenantKeyedLocking implements DescriptorCustomizer {

    private static final String COLUMN = "organization_id";

    @Override
    public void customize(ClassDescriptor descriptor) {
        if (descriptor.hasMultitenantPolicy()
                || !(descriptor.getOptimisticLockingPolicy() instanceof VersionLockingPolicy version)
                || version.getClass() != VersionLockingPolicy.class) {
            return;
        }
        for (DatabaseMapping mapping : descriptor.getMappings()) {
            if (mapping instanceof AbstractDirectMapping direct && COLUMN.equals(direct.getField().getName())
                    && !direct.getField().isUpdatable() && !direct.getField().isNullable()) {
                descriptor.setOptimisticLockingPolicy(new Policy(version, direct));
                return;
            }
        }
    }

    /** Version locking whose WHERE also names the tenant column, with the object's value. */
    private static final class Policy extends VersionLockingPolicy {

        private static final long serialVersionUID = 1L;

        private final AbstractDirectMapping tenant;

        Policy(VersionLockingPolicy original, AbstractDirectMapping tenant) {
            super(original.getWriteLockField());
            this.tenant = Objects.requireNonNull(tenant, "tenant");
            if (original.isStoredInObject()) {
                storeInObject();
            } else {
                storeInCache();
            }
            setIsCascaded(original.isCascaded());
            setLockOnChangeMode(original.getLockOnChangeMode());
        }

        @Override
        protected Expression buildExpression() {
            ExpressionBuilder builder = new ExpressionBuilder();
            DatabaseField field = tenant.getField();
            return builder.getField(getWriteLockField()).equal(builder.getParameter(getWriteLockField()))
                    .and(builder.getField(field).equal(builder.getParameter(field)));
        }

        @Override
        public void addLockValuesToTranslationRow(ObjectLevelModifyQuery query) {
            super.addLockValuesToTranslationRow(query);
            query.getTranslationRow().put(tenant.getField(),
                    tenant.getFieldValue(tenant.getAttributeValueFromObject(query.getObject()), query.getSession()));
        }
    }
}
