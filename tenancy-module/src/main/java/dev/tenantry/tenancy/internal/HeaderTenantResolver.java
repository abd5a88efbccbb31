package dev.tenantry.tenancy.internal;

import dev.tenantry.tenancy.spi.TenantResolver;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.container.ContainerRequestContext;
import java.util.Optional;

/** The {@code X-Tenant} header: an organization id or slug. Priority 100. */
@ApplicationScoped
public class HeaderTenantResolver implements TenantResolver {

    /** The header name. */
    public static final String HEADER = "X-Tenant";

    @Override
    public Optional<String> resolve(ContainerRequestContext request) {
        return Optional.ofNullable(request.getHeaderString(HEADER)).map(String::trim).filter(v -> !v.isEmpty());
    }
}
