package dev.tenantry.example;

import dev.tenantry.persistence.paging.PageRequest;
import dev.tenantry.persistence.repository.Repository;
import dev.tenantry.tenancy.ForTenant;
import dev.tenantry.tenancy.RequiresRole;
import dev.tenantry.tenancy.Role;
import dev.tenantry.tenancy.TenantScoped;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;

/** Projects of the organization named by the X-Tenant header: members read, MEMBER and up write. */
@Path("projects")
@RequestScoped
@TenantScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ProjectResource {

    /**
     * @param id   id
     * @param name name
     */
    public record View(UUID id, String name) {
    }

    /** @param name the new project's name */
    public record Input(String name) {
    }

    @Inject
    @ForTenant
    Repository<Project> projects;

    /** @return the organization's projects */
    @GET
    @RequiresRole(Role.VIEWER)
    public List<View> list() {
        return projects.page(PageRequest.of(0, 100)).items().stream().map(p -> new View(p.getId(), p.getName())).toList();
    }

    /**
     * @param in the project
     * @return 201 with it
     */
    @POST
    @Transactional
    @RequiresRole(Role.MEMBER)
    public Response create(Input in) {
        Project saved = projects.save(new Project(in.name()));
        return Response.status(Response.Status.CREATED).entity(new View(saved.getId(), saved.getName())).build();
    }
}
