package dev.tenantry.persistence;

import dev.tenantry.persistence.internal.EntityDescriptors;
import org.eclipse.persistence.config.DescriptorCustomizer;
import org.eclipse.persistence.descriptors.ClassDescriptor;

/**
 * The EclipseLink set-up of every entity extending {@link BaseEntity}: UUID attributes as PostgreSQL
 * {@code uuid}, text PostgreSQL cannot store refused before it is written, reads and writes counted
 * for the metrics endpoint, no shared (second-level) cache unless the entity says
 * {@code @Cacheable(true)} (several servers on one database must never serve each other's changed
 * rows stale), and the descriptor customizers of Tenantry's other modules (tenant discriminators,
 * audit, encryption).
 *
 * <p>Named by {@code @Customizer} on {@code BaseEntity}. EclipseLink applies one customizer per
 * entity, the nearest: an entity that needs a customizer of its own extends this one (or
 * {@code SoftDeleteCustomizer} for a soft-deletable entity) and calls {@code super.customize} first.
 */
public class EntityCustomizer implements DescriptorCustomizer {

    @Override
    public void customize(ClassDescriptor descriptor) throws Exception {
        EntityDescriptors.customize(descriptor);
    }
}
