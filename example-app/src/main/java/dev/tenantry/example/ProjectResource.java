package dev.tenantry.example;

import dev.tenantry.tenancy.Idempotent;
import dev.tenantry.audit.Activities;
import dev.tenantry.audit.ActivityPage;
import dev.tenantry.persistence.paging.PageRequest;
import dev.tenantry.persistence.repository.Repository;
import dev.tenantry.tenancy.ForTenant;
import dev.tenantry.tenancy.RequiresRole;
import dev.tenantry.tenancy.Role;
import dev.tenantry.tenancy.TenantScoped;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;

/** Projects of the organization named by the X-Tenant header: members read, MEMBER and up write; every change is audited. */
@Idempotent
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

    /**
     * @param type          activity type
     * @param actor         who
     * @param occurredAt    when
     * @param metadata      details, a JSON object as text
     * @param correlationId the request it came from
     */
    public record ActivityView(String type, String actor, String occurredAt, String metadata, String correlationId) {
    }

    @Inject
    @ForTenant
    Repository<Project> projects;

    @Inject
    @ForTenant
    EntityManager em;

    @Inject
    ProjectExports exports;

    /** @return the organization's projects */
    @GET
    @RequiresRole(Role.VIEWER)
    public List<View> list() {
        return projects.page(PageRequest.of(0, 100)).items().stream().map(p -> new View(p.getId(), p.getName())).toList();
    }

    /**
     * Creates in one SQL statement ({@code Repository.direct().insert}, no unit of work): Bean
     * Validation, the tenant, row-level security, the VIEWER refusal and the {@code created} activity
     * hold as for an entity insert; a duplicate name is a 409.
     *
     * @param in the project
     * @return 201 with it
     */
    @POST
    @Transactional
    @RequiresRole(Role.MEMBER)
    public Response create(@NotNull(message = "a JSON body is required") Input in) {
        Project saved = projects.direct().insert(new Project(in.name()));
        return Response.status(Response.Status.CREATED).entity(new View(saved.getId(), saved.getName())).build();
    }

    /**
     * @param id the project
     * @param in its new name
     * @return it
     */
    @PUT
    @Path("{id}")
    @Transactional
    @RequiresRole(Role.MEMBER)
    public View rename(@PathParam("id") UUID id, @NotNull(message = "a JSON body is required") Input in) {
        Project p = projects.get(id);
        p.rename(in.name());
        Project saved = projects.save(p);
        return new View(saved.getId(), saved.getName());
    }

    /**
     * Renames in one SQL statement, without loading the project ({@code Repository.direct()}): the
     * tenant, the version, soft delete, row-level security and the audit trail hold as for {@link #rename}.
     *
     * @param id      the project
     * @param version the version the client read; absent to rename whatever version is current
     * @param in      its new name
     * @return it
     */
    @PUT
    @Path("{id}/name")
    @Transactional
    @RequiresRole(Role.MEMBER)
    public View renameDirectly(@PathParam("id") UUID id, @QueryParam("version") Long version,
                               @NotNull(message = "a JSON body is required") Input in) {
        projects.direct().update(id, version, "name", in.name());   // null too: Bean Validation answers 422
        return new View(id, in.name());
    }

    /**
     * @param id the project
     * @return its data; the export itself is audited
     */
    @POST
    @Path("{id}/export")
    @Transactional
    @RequiresRole(Role.MEMBER)
    public View export(@PathParam("id") UUID id) {
        return exports.export(id);
    }

    /**
     * @param id     the project
     * @param cursor the previous page's {@code X-Next-Cursor}, if any
     * @return its audit trail, newest first, 20 per page; {@code X-Next-Cursor} when there is more
     */
    @GET
    @Path("{id}/activities")
    @RequiresRole(Role.VIEWER)
    public Response activities(@PathParam("id") UUID id, @QueryParam("cursor") String cursor) {
        projects.get(id);   // 404 when the project is not this organization's
        ActivityPage page = new Activities(em).forEntity(Project.class, id).page(20, cursor);
        List<ActivityView> items = page.items().stream().map(a -> new ActivityView(a.getType(), a.getActor(),
                a.getOccurredAt().toString(), a.getMetadata(), a.getCorrelationId().orElse(null))).toList();
        Response.ResponseBuilder response = Response.ok(items);
        page.next().ifPresent(next -> response.header("X-Next-Cursor", next));
        return response.build();
    }
}
