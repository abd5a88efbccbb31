package dev.tenantry.it.thin;

import dev.tenantry.it.ear.EarNotes;
import dev.tenantry.tenancy.TenantScoped;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The notes of the organization named by the {@code X-Tenant} header, for a signed-in member: the
 * tenant comes from Tenantry's tenant filter, which the JAX-RS runtime must have found.
 */
@Path("tenant-notes")
@RequestScoped
@TenantScoped
@Produces(MediaType.TEXT_PLAIN)
public class TenantNotesResource {

    @Inject
    EarNotes notes;

    /** @return the tenant's notes, one per line */
    @GET
    public String list() {
        return String.join("\n", notes.texts());
    }
}
