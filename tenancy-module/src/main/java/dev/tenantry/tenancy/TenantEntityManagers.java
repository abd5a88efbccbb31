package dev.tenantry.tenancy;

import dev.tenantry.tenancy.internal.GuardedEntityManager;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Opens EntityManagers bound to one tenant from the shared factory. The tenant is fixed for the
 * EntityManager's life: open a new one for another tenant, never change its property.
 */
public final class TenantEntityManagers {

    private TenantEntityManagers() {
    }

    /**
     * @param emf    the shared factory
     * @param tenant the tenant
     * @return a new EntityManager that sees and writes only {@code tenant}'s rows; the caller closes it
     */
    public static EntityManager open(EntityManagerFactory emf, TenantId tenant) {
        return open(emf, tenant, Map.of());
    }

    /**
     * @param emf        the shared factory
     * @param tenant     the tenant
     * @param properties further EntityManager properties
     * @return a new EntityManager that sees and writes only {@code tenant}'s rows; the caller closes it
     */
    public static EntityManager open(EntityManagerFactory emf, TenantId tenant, Map<String, Object> properties) {
        Map<String, Object> props = new HashMap<>(properties);
        props.putAll(properties(tenant));
        boolean viewer = Role.VIEWER.name().equals(props.get(TenancySettings.ROLE_PROPERTY));
        return GuardedEntityManager.wrap(emf.createEntityManager(props), tenant, viewer);
    }

    /**
     * @param emf    the shared factory
     * @param tenant the tenant
     * @param role   the caller's role there, or {@code null} for system work (no role check)
     * @return a new EntityManager for {@code tenant}; for a VIEWER one that refuses every write with
     *         {@link AccessDeniedException}. The caller closes it
     */
    public static EntityManager open(EntityManagerFactory emf, TenantId tenant, Role role) {
        if (role == null) {
            return open(emf, tenant);
        }
        return open(emf, tenant, Map.of(TenancySettings.ROLE_PROPERTY, role.name()));
    }

    /** The EntityManager properties that bind it to {@code tenant}. */
    static Map<String, Object> properties(TenantId tenant) {
        return Map.of(TenancySettings.TENANT_PROPERTY, Objects.requireNonNull(tenant, "tenant").value());
    }

    /**
     * @param emf the shared factory
     * @return a new EntityManager for {@link Tenants#currentContext the current tenant}, refusing writes
     *         when the context's role is VIEWER
     * @throws TenantNotResolvedException when no tenant is current
     */
    public static EntityManager openForCurrentTenant(EntityManagerFactory emf) {
        TenantContext context = Tenants.currentContext()
                .orElseThrow(() -> new TenantNotResolvedException("opening a tenant EntityManager"));
        return open(emf, context.tenant(), context.role());
    }
}
