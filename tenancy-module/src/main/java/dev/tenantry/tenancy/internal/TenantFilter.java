package dev.tenantry.tenancy.internal;

import dev.tenantry.persistence.errors.ProblemDetailsMapper;
import dev.tenantry.persistence.errors.ProblemDetailsMapper.Problem;
import dev.tenantry.persistence.internal.ModuleBeans;
import dev.tenantry.tenancy.Membership;
import dev.tenantry.tenancy.OrganizationNotFoundException;
import dev.tenantry.tenancy.OrganizationService;
import dev.tenantry.tenancy.RequestTenant;
import dev.tenantry.tenancy.TenantScoped;
import dev.tenantry.tenancy.spi.TenantResolver;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;
import java.security.Principal;
import java.util.Comparator;
import java.util.Optional;

/** Resolves and checks the tenant of {@link TenantScoped} requests (see there for the answers). */
@Provider
@TenantScoped
@ApplicationScoped
@Priority(Priorities.AUTHORIZATION)
public class TenantFilter implements ContainerRequestFilter {

    @Inject
    Instance<TenantResolver> resolvers;

    @Inject
    Instance<EntityManager> entityManagers;

    @Inject
    RequestTenant requestTenant;

    @Inject
    BeanManager beanManager;

    @Override
    public void filter(ContainerRequestContext request) {
        Optional<String> reference = ModuleBeans.all(beanManager, resolvers, TenantResolver.class).stream().sorted(Comparator.comparingInt(TenantResolver::priority))
                .map(r -> r.resolve(request)).flatMap(Optional::stream).findFirst();
        if (reference.isEmpty()) {
            request.abortWith(ProblemDetailsMapper.response(request, new Problem(400, "tenant-missing", "No tenant"),
                    "This resource needs an organization: send its id or slug in the X-Tenant header.", null));
            return;
        }
        Principal caller = request.getSecurityContext() == null ? null : request.getSecurityContext().getUserPrincipal();
        if (caller == null) {
            request.abortWith(ProblemDetailsMapper.response(request, new Problem(401, "unauthenticated", "Not authenticated"),
                    "Sign in to use this resource.", null));
            return;
        }
        try {
            Membership member = new OrganizationService(ModuleBeans.orModules(entityManagers, EntityManager.class).get()).membership(reference.get(), caller.getName());
            requestTenant.set(member.tenantId(), caller.getName(), member.getRole());
        } catch (OrganizationNotFoundException e) {
            request.abortWith(ProblemDetailsMapper.response(request, new Problem(404, "not-found", "Not found"), e.getMessage(), null));
        }
    }
}
