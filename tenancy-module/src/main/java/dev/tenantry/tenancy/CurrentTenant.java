package dev.tenantry.tenancy;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * Read-only view of the tenant the current work runs for; inject it anywhere.
 *
 * <p>An explicit {@link Tenants#runAs} (jobs, timers, executor tasks) wins; otherwise, in a request
 * that passed the {@link TenantScoped} filter, the request's organization. The caller's role is known
 * only for the request's own tenant: work under {@code runAs} is system work and has none.
 */
@ApplicationScoped
public class CurrentTenant {

    @Inject
    Instance<RequestTenant> requestTenant;

    @Inject
    BeanManager beanManager;

    /** @return the current tenant, if any */
    public Optional<TenantId> get() {
        Optional<TenantId> explicit = Tenants.current();
        return explicit.isPresent() ? explicit : request().flatMap(RequestTenant::tenant);
    }

    /**
     * @param what the work that needs a tenant, for the message
     * @return the current tenant
     * @throws TenantNotResolvedException when there is none
     */
    public TenantId require(String what) {
        return get().orElseThrow(() -> new TenantNotResolvedException(what));
    }

    /** @return the caller's role in the current tenant; empty for system work or when no tenant is set */
    public Optional<Role> role() {
        Optional<TenantId> tenant = get();
        return request().filter(r -> r.tenant().equals(tenant) && tenant.isPresent()).flatMap(RequestTenant::role);
    }

    /** @return the caller in the current tenant, when the tenant is the request's */
    public Optional<String> principal() {
        Optional<TenantId> tenant = get();
        return request().filter(r -> r.tenant().equals(tenant) && tenant.isPresent()).flatMap(RequestTenant::principal);
    }

    private Optional<RequestTenant> request() {
        try {
            if (!beanManager.getContext(RequestScoped.class).isActive()) {
                return Optional.empty();
            }
        } catch (ContextNotActiveException e) {
            return Optional.empty();
        }
        return Optional.of(requestTenant.get());
    }
}
