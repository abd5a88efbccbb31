package dev.tenantry.tenancy.internal;

import dev.tenantry.tenancy.AccessDeniedException;
import dev.tenantry.tenancy.CurrentTenant;
import dev.tenantry.tenancy.RequiresRole;
import dev.tenantry.tenancy.Role;
import dev.tenantry.tenancy.TenantNotResolvedException;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

/**
 * Enforces {@link RequiresRole} against the role of the current work: the request's, or the one a
 * propagated or explicit {@link dev.tenantry.tenancy.TenantContext} names (system work has none and
 * is refused, as a request without a tenant).
 */
@RequiresRole(Role.VIEWER)
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_AFTER + 100)
public class RoleInterceptor {

    @Inject
    CurrentTenant currentTenant;

    @AroundInvoke
    Object check(InvocationContext invocation) throws Exception {
        RequiresRole annotation = invocation.getMethod().getAnnotation(RequiresRole.class);
        if (annotation == null) {
            annotation = invocation.getMethod().getDeclaringClass().getAnnotation(RequiresRole.class);
        }
        Role required = annotation == null ? Role.VIEWER : annotation.value();
        Role actual = currentTenant.role().orElseThrow(
                () -> new TenantNotResolvedException(invocation.getMethod().getName() + " (it requires role " + required + ")"));
        if (!actual.atLeast(required)) {
            throw new AccessDeniedException(invocation.getMethod().getName(), required, actual);
        }
        return invocation.proceed();
    }
}
