package dev.tenantry.persistence.internal;

import jakarta.persistence.EntityManager;
import org.eclipse.persistence.descriptors.ClassDescriptor;
import org.eclipse.persistence.jpa.JpaEntityManager;

/** Table names of mapped entities, for the few statements the plugin writes in SQL. */
public final class EntityTables {

    private EntityTables() {
    }

    /**
     * @param em   an EclipseLink EntityManager
     * @param type entity class
     * @return its (first) table name as mapped
     */
    public static String tableOf(EntityManager em, Class<?> type) {
        ClassDescriptor descriptor = em.unwrap(JpaEntityManager.class).getServerSession().getDescriptor(type);
        if (descriptor == null) {
            throw new IllegalArgumentException(type.getName() + " is not an entity of this persistence unit");
        }
        return descriptor.getTableName();
    }
}
