package dev.tenantry.persistence.softdelete;

import dev.tenantry.persistence.EntityCustomizer;
import dev.tenantry.persistence.internal.SoftDeleteDescriptors;
import org.eclipse.persistence.descriptors.ClassDescriptor;

/**
 * {@link EntityCustomizer} plus soft delete: the entity's DELETE becomes an UPDATE of
 * {@code deleted_at} (with the optimistic-lock check, never touching an already-deleted row), and
 * deleted rows are hidden from every read EclipseLink builds (find, JPQL, Criteria, relationships)
 * unless the EntityManager includes them ({@link SoftDeletes#INCLUDE_DELETED}).
 *
 * <p>Named by {@code @Customizer} on {@link SoftDeletableEntity} and inherited by every entity that
 * extends it; an entity with a customizer of its own extends this one and calls
 * {@code super.customize} first.
 */
public class SoftDeleteCustomizer extends EntityCustomizer {

    @Override
    public void customize(ClassDescriptor descriptor) throws Exception {
        super.customize(descriptor);
        SoftDeleteDescriptors.customize(descriptor);
    }
}
