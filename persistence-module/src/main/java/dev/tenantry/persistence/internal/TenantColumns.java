package dev.tenantry.persistence.internal;

import dev.tenantry.persistence.TenantryException;
import jakarta.persistence.EntityManager;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.persistence.descriptors.ClassDescriptor;
import org.eclipse.persistence.descriptors.SingleTableMultitenantPolicy;
import org.eclipse.persistence.internal.helper.DatabaseField;
import org.eclipse.persistence.jpa.JpaEntityManager;
import org.eclipse.persistence.sessions.Session;

/**
 * The tenant discriminator columns of a descriptor, for the few statements the plugin writes in SQL:
 * they must carry the tenant explicitly, as EclipseLink adds it only to statements it builds.
 */
public final class TenantColumns {

    private TenantColumns() {
    }

    /**
     * @param descriptor an entity descriptor
     * @return column name → EntityManager property holding its value; empty for non-tenant entities
     */
    public static Map<String, String> of(ClassDescriptor descriptor) {
        Map<String, String> columns = new LinkedHashMap<>();
        if (descriptor.getMultitenantPolicy() instanceof SingleTableMultitenantPolicy policy) {
            for (Map.Entry<DatabaseField, String> e : policy.getTenantDiscriminatorFields().entrySet()) {
                columns.put(e.getKey().getName(), e.getValue());
            }
        }
        return columns;
    }

    /**
     * @param em   an EntityManager, tenant-bound for tenant entities
     * @param type entity class
     * @return column name → this EntityManager's value for it
     * @throws TenantryException when the entity is tenant-scoped and the EntityManager has no tenant
     */
    public static Map<String, Object> values(EntityManager em, Class<?> type) {
        JpaEntityManager jpa = em.unwrap(JpaEntityManager.class);
        return values(jpa.getActiveSession(), jpa.getServerSession().getDescriptor(type), type);
    }

    /**
     * @param session    the EntityManager's active session (its unit of work)
     * @param descriptor the entity's descriptor
     * @param type       entity class, for the message
     * @return column name → the session's value for it
     * @throws TenantryException when the entity is tenant-scoped and the session has no tenant
     */
    public static Map<String, Object> values(Session session, ClassDescriptor descriptor, Class<?> type) {
        if (!(descriptor.getMultitenantPolicy() instanceof SingleTableMultitenantPolicy policy)) {
            return Map.of();
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (Map.Entry<DatabaseField, String> column : policy.getTenantDiscriminatorFields().entrySet()) {
            Object value = TenantContextProperties.value(session, column.getValue());
            if (value == null) {
                throw new TenantryException("No tenant is set on this EntityManager for " + type.getSimpleName()
                        + " (property " + column.getValue() + "); nothing was changed. Open it for a tenant.");
            }
            values.put(column.getKey().getName(), value);
        }
        return values;
    }
}
