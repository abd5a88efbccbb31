package dev.tenantry.tenancy;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * Read-only view of the tenant the current work runs for; inject it anywhere.
 *
 * <p>An explicit {@link Tenants#runAs} (jobs, timers, executor tasks, propagated work) wins, with the
 * principal and role it names (none for system work); otherwise, in a request that passed the
 * {@link TenantScoped} filter, the request's organization, caller and role.
 */
@ApplicationScoped
public class CurrentTenant {

    @Inject
    Instance<RequestTenant> requestTenant;

    @Inject
    BeanManager beanManager;

    /** @return the current tenant, if any */
    public Optional<TenantId> get() {
        return context().map(TenantContext::tenant);
    }

    /** @return the current tenant with the member acting and the role, if a tenant is current */
    public Optional<TenantContext> context() {
        Optional<TenantContext> explicit = Tenants.currentContext();
        if (explicit.isPresent() && !explicit.get().isSystem()) {
            return explicit;                         // a member's context: the request has nothing to add
        }
        Optional<TenantContext> request = request().flatMap(r -> r.tenant().map(t -> r.principal().isPresent()
                && r.role().isPresent() ? new TenantContext(t, r.principal().get(), r.role().get()) : TenantContext.system(t)));
        if (explicit.isEmpty()) {
            return request;
        }
        // system work for the request's own tenant still acts for the request's caller: runAs must
        // not lift a VIEWER's request to write rights
        return request.filter(r -> r.tenant().equals(explicit.get().tenant())).isPresent() ? request : explicit;
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
        return context().map(TenantContext::role);
    }

    /** @return the caller in the current tenant; empty for system work or when no tenant is set */
    public Optional<String> principal() {
        return context().map(TenantContext::principal);
    }

    /**
     * The application's instance, for code outside CDI injection ({@link Tenants#propagate}).
     *
     * @return the bean of the calling application, or empty outside a CDI container
     */
    static Optional<CurrentTenant> ofApplication() {
        try {
            Instance<CurrentTenant> bean = CDI.current().select(CurrentTenant.class);
            return bean.isResolvable() ? Optional.of(bean.get()) : Optional.empty();
        } catch (IllegalStateException | LinkageError noCdiHere) {
            return Optional.empty();
        }
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
