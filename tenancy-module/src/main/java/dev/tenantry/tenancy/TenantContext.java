package dev.tenantry.tenancy;

import java.util.Objects;

/**
 * Who works for which tenant: the organization, and — for work done on behalf of a member — the
 * member's principal and role. {@link Tenants#callAs(TenantContext, dev.tenantry.persistence.Work)}
 * sets it for a thread; {@link Tenants#propagate(Runnable)} carries it into async work, so a task
 * submitted by a VIEWER still cannot write. A context without principal and role is system work
 * (jobs, timers): no role check applies to it.
 *
 * @param tenant    the organization
 * @param principal the member acting, or {@code null} for system work
 * @param role      the member's role there, or {@code null} for system work
 */
public record TenantContext(TenantId tenant, String principal, Role role) {

    /** Requires a tenant, and a principal exactly when there is a role. */
    public TenantContext {
        Objects.requireNonNull(tenant, "tenant");
        if ((principal == null) != (role == null)) {
            throw new IllegalArgumentException("A tenant context names both the principal and the role, or neither"
                    + " (system work)");
        }
    }

    /**
     * @param tenant the organization
     * @return system work for {@code tenant}: no principal, no role check
     */
    public static TenantContext system(TenantId tenant) {
        return new TenantContext(tenant, null, null);
    }

    /** @return whether this is system work (no member acting) */
    public boolean isSystem() {
        return role == null;
    }
}
