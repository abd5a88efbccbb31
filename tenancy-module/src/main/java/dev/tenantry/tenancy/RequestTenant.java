package dev.tenantry.tenancy;

import jakarta.enterprise.context.RequestScoped;
import java.util.Optional;

/**
 * The organization, caller and role of the current request, set by the {@link TenantScoped}
 * filter. Request-scoped, so it can never outlive its request or leak to another one.
 */
@RequestScoped
public class RequestTenant {

    private TenantId tenant;
    private String principal;
    private Role role;

    /** @return the request's tenant, when resolved */
    public Optional<TenantId> tenant() {
        return Optional.ofNullable(tenant);
    }

    /** @return the caller's role in it, when resolved */
    public Optional<Role> role() {
        return Optional.ofNullable(role);
    }

    /** @return the caller, when resolved */
    public Optional<String> principal() {
        return Optional.ofNullable(principal);
    }

    /**
     * Records the resolved tenant. For resolution mechanisms (the built-in {@link TenantScoped}
     * filter, or an application's own); once per request.
     *
     * @param tenant    the checked organization
     * @param principal the caller, a member of it
     * @param role      the caller's role there
     * @throws IllegalStateException when the request's tenant is already set
     */
    public void set(TenantId tenant, String principal, Role role) {
        if (this.tenant != null) {
            throw new IllegalStateException("The tenant of this request is already set");
        }
        this.tenant = java.util.Objects.requireNonNull(tenant, "tenant");
        this.principal = principal;
        this.role = role;
    }
}
