package dev.tenantry.tenancy.internal;

import dev.tenantry.tenancy.AccessDeniedException;
import dev.tenantry.tenancy.RequestTenant;
import dev.tenantry.tenancy.RequiresRole;
import dev.tenantry.tenancy.Role;
import dev.tenantry.tenancy.TenantNotResolvedException;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

/** Enforces {@link RequiresRole} against the request's role. */
@RequiresRole(Role.VIEWER)
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_AFTER + 100)
public class RoleInterceptor {

    @Inject
    RequestTenant requestTenant;

    @AroundInvoke
    Object check(InvocationContext invocation) throws Exception {
        RequiresRole annotation = invocation.getMethod().getAnnotation(RequiresRole.class);
        if (annotation == null) {
            annotation = invocation.getMethod().getDeclaringClass().getAnnotation(RequiresRole.class);
        }
        Role required = annotation == null ? Role.VIEWER : annotation.value();
        Role actual = requestTenant.role().orElseThrow(
                () -> new TenantNotResolvedException(invocation.getMethod().getName() + " (it requires role " + required + ")"));
        if (!actual.atLeast(required)) {
            throw new AccessDeniedException(invocation.getMethod().getName(), required, actual);
        }
        return invocation.proceed();
    }
}
