package dev.tenantry.example;

import dev.tenantry.tenancy.Idempotent;
import dev.tenantry.persistence.repository.Repository;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;

/** Connector credentials: the token goes in, only a hint of it comes out. */
@Idempotent
@Path("connectors")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ConnectorResource {

    /**
     * @param name     connector name
     * @param apiToken the secret
     */
    public record Input(String name, String apiToken) {
    }

    /**
     * @param id        id
     * @param name      connector name
     * @param tokenHint last characters of the token
     */
    public record View(UUID id, String name, String tokenHint) {
        static View of(ConnectorCredential c) {
            return new View(c.getId(), c.getName(), c.tokenHint());
        }
    }

    @Inject
    Repository<ConnectorCredential> connectors;

    /**
     * @param in name and token
     * @return 201 with the stored connector (token hint only)
     */
    @POST
    @Transactional
    public Response create(@NotNull(message = "a JSON body is required") Input in) {
        ConnectorCredential saved = connectors.save(new ConnectorCredential(in.name(), in.apiToken()));
        return Response.status(Response.Status.CREATED).entity(View.of(saved)).build();
    }

    /**
     * @param id id
     * @return the connector (token hint only)
     */
    @GET
    @Path("{id}")
    public View get(@PathParam("id") UUID id) {
        return View.of(connectors.get(id));
    }
}
