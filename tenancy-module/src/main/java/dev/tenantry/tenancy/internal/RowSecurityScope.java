package dev.tenantry.tenancy.internal;

import java.util.UUID;
import java.util.function.Supplier;

/**
 * What the database's row-level security is told a statement runs for: a tenant (the setting
 * {@code tenantry.tenant_id}) and a principal ({@code tenantry.principal}, which lets a caller see its
 * own memberships before any tenant is chosen). Either may be null; a scope with neither sets nothing.
 *
 * <p>A tenant EntityManager's statements carry its own tenant. Code working on organizations through
 * a plain EntityManager ({@code OrganizationService}) names its scope for the current thread with
 * {@link #call}; the plugin's connections read it when a statement is prepared.
 *
 * @param tenant    organization, or null
 * @param principal caller, or null
 */
public record RowSecurityScope(UUID tenant, String principal) {

    /** Sets nothing. */
    public static final RowSecurityScope NONE = new RowSecurityScope(null, null);

    private static final ThreadLocal<RowSecurityScope> CURRENT = new ThreadLocal<>();

    /** @return whether statements in this scope carry any setting */
    public boolean isSet() {
        return tenant != null || principal != null;
    }

    /** @return the scope named for this thread, or {@link #NONE} */
    public static RowSecurityScope current() {
        RowSecurityScope scope = CURRENT.get();
        return scope == null ? NONE : scope;
    }

    /**
     * Runs work with a scope for the statements this thread prepares through the plugin's connections
     * of an EntityManager that has no tenant of its own. Writes must be flushed inside.
     *
     * @param tenant    organization, or null
     * @param principal caller, or null
     * @param work      the work
     * @param <T>       result type
     * @return what work returns
     */
    public static <T> T call(UUID tenant, String principal, Supplier<T> work) {
        RowSecurityScope previous = CURRENT.get();
        CURRENT.set(new RowSecurityScope(tenant, principal));
        try {
            return work.get();
        } finally {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }
}
