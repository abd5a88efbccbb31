package dev.tenantry.audit.internal;

import dev.tenantry.audit.AuditContext;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;
import java.security.Principal;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Every JAX-RS request's activities carry its caller as actor and a correlation id: the
 * {@value #HEADER} header when it is a plain token (up to 100 letters, digits, '-', '_', '.'), else a new
 * UUID, echoed in the response's {@value #HEADER}.
 */
@Provider
@ApplicationScoped
@Priority(Priorities.AUTHENTICATION + 50)
public class AuditRequestFilter implements ContainerRequestFilter, ContainerResponseFilter {

    /** The correlation header. */
    public static final String HEADER = "X-Request-Id";

    private static final String SCOPE = AuditRequestFilter.class.getName() + ".scope";
    private static final String ID = AuditRequestFilter.class.getName() + ".id";
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._-]{1,100}");

    @Override
    public void filter(ContainerRequestContext request) {
        String given = request.getHeaderString(HEADER);
        String id = given != null && TOKEN.matcher(given).matches() ? given : UUID.randomUUID().toString();
        Principal caller = request.getSecurityContext() == null ? null : request.getSecurityContext().getUserPrincipal();
        request.setProperty(ID, id);
        request.setProperty(SCOPE, AuditContext.open(caller == null ? "anonymous" : caller.getName(), id));
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (request.getProperty(ID) != null) {
            response.getHeaders().putSingle(HEADER, request.getProperty(ID));
        }
        if (request.getProperty(SCOPE) instanceof AuditContext.Scope scope) {
            scope.close();
        }
    }
}
