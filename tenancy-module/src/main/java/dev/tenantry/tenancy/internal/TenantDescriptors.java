package dev.tenantry.tenancy.internal;

import dev.tenantry.tenancy.AccessDeniedException;
import dev.tenantry.tenancy.Role;
import dev.tenantry.tenancy.TenancySettings;
import dev.tenantry.tenancy.TenantNotResolvedException;
import java.sql.Types;
import java.util.Map;
import java.util.UUID;
import org.eclipse.persistence.config.DescriptorCustomizer;
import org.eclipse.persistence.descriptors.ClassDescriptor;
import org.eclipse.persistence.descriptors.DescriptorEvent;
import org.eclipse.persistence.descriptors.DescriptorEventAdapter;
import org.eclipse.persistence.descriptors.SingleTableMultitenantPolicy;
import org.eclipse.persistence.internal.helper.DatabaseField;

/**
 * Set-up of every multitenant descriptor (run for each {@code BaseEntity} through
 * {@code META-INF/services}): the tenant column is bound as PostgreSQL {@code uuid}, and an insert
 * with no tenant is refused before it reaches the database (EclipseLink itself would write NULL),
 * and an EntityManager whose {@link TenancySettings#ROLE_PROPERTY role} is VIEWER cannot insert,
 * update or delete a tenant entity.
 */
public final class TenantDescriptors implements DescriptorCustomizer {

    @Override
    public void customize(ClassDescriptor descriptor) {
        if (!(descriptor.getMultitenantPolicy() instanceof SingleTableMultitenantPolicy policy)) {
            return;
        }
        Map<DatabaseField, String> fields = policy.getTenantDiscriminatorFields();
        for (DatabaseField field : fields.keySet()) {
            field.setType(UUID.class);
            field.setSqlType(Types.OTHER);
        }
        String entity = descriptor.getJavaClass() != null ? descriptor.getJavaClass().getSimpleName() : descriptor.getAlias();
        descriptor.getEventManager().addListener(new DescriptorEventAdapter() {
            @Override
            public void aboutToInsert(DescriptorEvent event) {
                for (DatabaseField field : fields.keySet()) {
                    if (event.getRecord().get(field) == null) {
                        throw new TenantNotResolvedException("saving a " + entity);
                    }
                }
                refuseViewer(event, "insert");
            }

            @Override
            public void aboutToUpdate(DescriptorEvent event) {
                refuseViewer(event, "update");
            }

            @Override
            public void preDelete(DescriptorEvent event) {
                refuseViewer(event, "delete");
            }

            private void refuseViewer(DescriptorEvent event, String operation) {
                Object role = event.getSession().getProperty(TenancySettings.ROLE_PROPERTY);
                if (role != null && Role.valueOf(role.toString()) == Role.VIEWER) {
                    throw new AccessDeniedException(operation + " of a " + entity, Role.MEMBER, Role.VIEWER);
                }
            }
        });
    }
}
