package dev.tenantry.it.matrix;

import dev.tenantry.tenancy.RequestTenant;
import dev.tenantry.tenancy.TenantScoped;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** What the tenant filter resolved for a MicroProfile JWT caller: organization, principal, role. */
@Path("jwt/whoami")
@RequestScoped
@TenantScoped
public class JwtProbeResource {

    @Inject
    RequestTenant tenant;

    /** @return tenant|principal|role */
    @GET
    @Produces(MediaType.TEXT_PLAIN)
    public String whoami() {
        return tenant.tenant().orElseThrow() + "|" + tenant.principal().orElseThrow() + "|" + tenant.role().orElseThrow();
    }
}
