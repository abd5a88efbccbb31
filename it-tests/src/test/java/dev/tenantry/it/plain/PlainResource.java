package dev.tenantry.it.plain;

import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * A CDI bean and resource of a WAR deployed next to a thin WAR on a server with Tenantry on its class
 * path: Tenantry must leave it alone (no beans added, no filters registered).
 */
@Path("hello")
@RequestScoped
@Produces(MediaType.TEXT_PLAIN)
public class PlainResource {

    /** @return "hello" */
    @GET
    public String hello() {
        return "hello";
    }
}
