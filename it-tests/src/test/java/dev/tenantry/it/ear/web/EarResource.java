package dev.tenantry.it.ear.web;

import dev.tenantry.it.ear.EarNotes;
import dev.tenantry.tenancy.TenantId;
import dev.tenantry.tenancy.Tenants;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;

/** Notes of the tenant a query parameter names, through the shared domain jar's service. */
@Path("notes")
@RequestScoped
@Produces(MediaType.TEXT_PLAIN)
public class EarResource {

    @Inject
    EarNotes notes;

    /**
     * @param tenant the tenant's id
     * @param text   the note
     * @return "added"
     */
    @POST
    public String add(@QueryParam("tenant") UUID tenant, String text) {
        Tenants.callAs(new TenantId(tenant), () -> {
            notes.add(text);
            return null;
        });
        return "added";
    }

    /**
     * @param tenant the tenant's id
     * @param nativeSql whether to read with native SQL (row-level security the only filter)
     * @return the tenant's notes, one per line
     */
    @GET
    public String list(@QueryParam("tenant") UUID tenant, @QueryParam("native") boolean nativeSql) {
        return String.join("\n", Tenants.callAs(new TenantId(tenant), () -> nativeSql ? notes.nativeTexts() : notes.texts()));
    }
}
