package dev.tenantry.audit.internal;

import dev.tenantry.audit.AuditContext;
import dev.tenantry.persistence.errors.ProblemDetailsMapper;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;
import java.security.Principal;

/**
 * Every JAX-RS request's activities carry its caller as actor and a correlation id: the
 * {@value #HEADER} header when it is a plain token, else a new UUID
 * ({@link ProblemDetailsMapper#correlationId(String)}), echoed in the response's {@value #HEADER} and
 * in any problem body of the request.
 */
@Provider
@ApplicationScoped
@Priority(Priorities.AUTHENTICATION + 50)
public class AuditRequestFilter implements ContainerRequestFilter, ContainerResponseFilter {

    /** The correlation header. */
    public static final String HEADER = ProblemDetailsMapper.CORRELATION_HEADER;

    private static final String SCOPE = AuditRequestFilter.class.getName() + ".scope";
    private static final String ID = AuditRequestFilter.class.getName() + ".id";

    @Override
    public void filter(ContainerRequestContext request) {
        String id = ProblemDetailsMapper.correlationId(request.getHeaderString(HEADER));
        // settled once: a problem answered later in this request reads the same id from the header
        request.getHeaders().putSingle(HEADER, id);
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
