package dev.tenantry.persistence.internal;

import dev.tenantry.persistence.metrics.Counter;
import dev.tenantry.persistence.metrics.TenantryMetrics;
import org.eclipse.persistence.descriptors.ClassDescriptor;
import org.eclipse.persistence.descriptors.DescriptorEvent;
import org.eclipse.persistence.descriptors.DescriptorEventAdapter;

/**
 * Counts, per entity type, the rows read into entities and the rows inserted, updated and deleted
 * ({@link TenantryMetrics#ENTITY_LOADS}, {@link TenantryMetrics#ENTITY_WRITES}). One listener per
 * descriptor holds its counters, so an event costs one add.
 */
public final class EntityMeters extends DescriptorEventAdapter {

    private final Counter loads;
    private final Counter inserts;
    private final Counter updates;
    private final Counter deletes;

    private EntityMeters(String entity) {
        loads = TenantryMetrics.counter(TenantryMetrics.ENTITY_LOADS, "Rows read into entities", "entity", entity);
        String writes = "Rows written by entity operations";
        inserts = TenantryMetrics.counter(TenantryMetrics.ENTITY_WRITES, writes, "entity", entity, "operation", "insert");
        updates = TenantryMetrics.counter(TenantryMetrics.ENTITY_WRITES, writes, "entity", entity, "operation", "update");
        deletes = TenantryMetrics.counter(TenantryMetrics.ENTITY_WRITES, writes, "entity", entity, "operation", "delete");
    }

    static void install(ClassDescriptor descriptor) {
        if (of(descriptor) == null) {
            descriptor.getEventManager().addListener(new EntityMeters(descriptor.getAlias() != null
                    ? descriptor.getAlias() : descriptor.getJavaClass().getSimpleName()));
        }
    }

    /**
     * @param descriptor an entity's descriptor
     * @return its meters, or {@code null} for an entity not set up by Tenantry's customizer
     */
    public static EntityMeters of(ClassDescriptor descriptor) {
        for (Object listener : descriptor.getEventManager().getEventListeners()) {
            if (listener instanceof EntityMeters meters) {
                return meters;
            }
        }
        return null;
    }

    /** Counts a row changed by a statement of Tenantry's own (a direct write), which EclipseLink sends no event for. */
    public void written(boolean deleted) {
        (deleted ? deletes : updates).increment();
    }

    /** Counts a row inserted by a statement of Tenantry's own (a direct insert). */
    public void inserted() {
        inserts.increment();
    }

    @Override
    public void postBuild(DescriptorEvent event) {
        loads.increment();
    }

    @Override
    public void postRefresh(DescriptorEvent event) {
        loads.increment();
    }

    @Override
    public void postInsert(DescriptorEvent event) {
        inserts.increment();
    }

    @Override
    public void postUpdate(DescriptorEvent event) {
        updates.increment();
    }

    @Override
    public void postDelete(DescriptorEvent event) {
        deletes.increment();
    }
}
