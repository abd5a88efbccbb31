package dev.tenantry.example;

import dev.tenantry.persistence.errors.InvalidValueException;
import dev.tenantry.tenancy.Idempotent;
import dev.tenantry.tenancy.Organization;
import dev.tenantry.tenancy.OrganizationOffboarding;
import dev.tenantry.tenancy.OrganizationOffboarding.ErasureReport;
import dev.tenantry.tenancy.OrganizationService;
import dev.tenantry.tenancy.Role;
import dev.tenantry.tenancy.TenantId;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;

/**
 * Create organizations (the caller becomes OWNER), add members, and take an organization's data out
 * and erase it ({@link OrganizationOffboarding}: not {@code @Transactional}, the export reads one
 * snapshot of its own and the erasure commits batch by batch). The transactional writes are
 * {@link Idempotent}; the erasure is not (it cannot answer from one transaction, and erasing twice
 * erases once: the second call finds nothing to resolve) and ignores an {@code Idempotency-Key}.
 */
@Path("orgs")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class OrganizationResource {

    /**
     * @param name display name
     * @param slug URL name
     */
    public record Input(String name, String slug) {
    }

    /**
     * @param principal who to add
     * @param role      their role
     */
    public record MemberInput(String principal, Role role) {
    }

    /** @param role the member's new role */
    public record RoleInput(Role role) {
    }

    /**
     * @param id   id
     * @param name name
     * @param slug slug
     */
    public record View(UUID id, String name, String slug) {
    }

    /**
     * @param organization the erased organization
     * @param rowsByTable  rows deleted per table
     * @param total        rows deleted
     * @param run          the erasure's job run
     */
    public record ErasureView(UUID organization, Map<String, Long> rowsByTable, long total, UUID run) {
    }

    @Inject
    EntityManager em;

    @Context
    SecurityContext security;

    /**
     * @param in name and slug
     * @return 201 with the organization
     */
    @POST
    @Transactional
    @Idempotent
    public Response create(@NotNull(message = "a JSON body is required") Input in) {
        Organization org = new OrganizationService(em).create(in.name(), in.slug(), caller());
        return Response.status(Response.Status.CREATED).entity(new View(org.getId(), org.getName(), org.getSlug())).build();
    }

    /**
     * @param ref the organization's id or slug
     * @param in  the member
     * @return 201
     */
    @POST
    @Path("{ref}/members")
    @Transactional
    @Idempotent
    public Response addMember(@PathParam("ref") String ref, @NotNull(message = "a JSON body is required") MemberInput in) {
        OrganizationService organizations = new OrganizationService(em);
        Organization org = organizations.resolve(ref, caller());
        organizations.invite(org.tenantId(), in.principal(), in.role(), caller());
        return Response.status(Response.Status.CREATED).build();
    }

    /**
     * Changes a member's role (ADMIN, or OWNER when an OWNER is involved); the member's next request,
     * on any server, runs with it.
     *
     * @param ref       the organization's id or slug
     * @param principal the member
     * @param in        the new role
     * @return 204
     */
    @PUT
    @Path("{ref}/members/{principal}")
    @Transactional
    @Idempotent
    public Response changeRole(@PathParam("ref") String ref, @PathParam("principal") String principal,
                               @NotNull(message = "a JSON body is required") RoleInput in) {
        if (in.role() == null) {
            throw new InvalidValueException("Membership", "role", "is required: one of OWNER, ADMIN, MEMBER, VIEWER");
        }
        OrganizationService organizations = new OrganizationService(em);
        organizations.changeRole(organizations.resolve(ref, caller()).tenantId(), principal, in.role(), caller());
        return Response.noContent().build();
    }

    /**
     * Soft-deletes the organization (OWNER only); the database turns its published stories into drafts.
     *
     * @param ref the organization's id or slug
     * @return 204
     */
    @DELETE
    @Path("{ref}")
    @Transactional
    @Idempotent
    public Response delete(@PathParam("ref") String ref) {
        OrganizationService organizations = new OrganizationService(em);
        organizations.delete(organizations.resolve(ref, caller()).tenantId(), caller());
        return Response.noContent().build();
    }

    /**
     * @param ref the organization's id or slug
     * @return its rows in every tenant table, one JSON object a line (encrypted columns as stored)
     */
    @GET
    @Path("{ref}/export")
    @Produces("application/x-ndjson")
    public Response export(@PathParam("ref") String ref) {
        OrganizationService organizations = new OrganizationService(em);
        TenantId org = organizations.resolve(ref, caller()).tenantId();
        organizations.requireRole(org, caller(), Role.ADMIN, "Exporting the organization's data");   // before a byte is sent
        String actor = caller();
        StreamingOutput body = out -> {
            Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            new OrganizationOffboarding(dataSource()).export(org, actor, writer);
            writer.flush();
        };
        return Response.ok(body).header("Content-Disposition", "attachment; filename=\"organization-" + org + ".jsonl\"").build();
    }

    /**
     * Erases the organization: every row of it, its memberships, trail and itself. A stopped erasure
     * continues when called again with the organization's id.
     *
     * @param ref the organization's id (also once deleted) or slug
     * @return what was deleted
     */
    @POST
    @Path("{ref}/erasure")
    @Produces(MediaType.APPLICATION_JSON)
    public ErasureView erase(@PathParam("ref") String ref) {
        TenantId org = TenantId.isCanonical(ref) ? TenantId.parse(ref)
                : new OrganizationService(em).resolve(ref, caller()).tenantId();
        ErasureReport report = new OrganizationOffboarding(dataSource()).erase(org, caller(), 500);
        return new ErasureView(org.value(), report.rowsByTable(), report.total(), report.run());
    }

    /** The application's DataSource, looked up as Tenantry looks it up (its default name). */
    private static DataSource dataSource() {
        try {
            return InitialContext.doLookup("jdbc/tenantry");
        } catch (NamingException e) {
            throw new IllegalStateException("No DataSource at jdbc/tenantry", e);
        }
    }

    private String caller() {
        if (security.getUserPrincipal() == null) {
            throw new NotAuthorizedException("Basic realm=\"tenantry-example\"");
        }
        return security.getUserPrincipal().getName();
    }
}
