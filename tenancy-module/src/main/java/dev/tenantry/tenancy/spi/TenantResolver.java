package dev.tenantry.tenancy.spi;

import jakarta.ws.rs.container.ContainerRequestContext;
import java.util.Optional;

/**
 * Finds the organization a request names. Implementations are CDI beans; the first one (lowest
 * {@link #priority()}) that answers wins. Resolvers only read the request: membership is checked
 * afterwards, for whatever they return.
 */
public interface TenantResolver {

    /**
     * @param request the incoming request
     * @return an organization id or slug, or empty when this resolver finds none
     */
    Optional<String> resolve(ContainerRequestContext request);

    /** @return order among resolvers, lower first; default 100 */
    default int priority() {
        return 100;
    }
}
