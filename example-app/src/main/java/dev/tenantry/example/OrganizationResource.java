package dev.tenantry.example;

import dev.tenantry.persistence.errors.InvalidValueException;
import dev.tenantry.tenancy.Idempotent;
import dev.tenantry.tenancy.Organization;
import dev.tenantry.tenancy.OrganizationService;
import dev.tenantry.tenancy.Role;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
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
import java.util.UUID;

/** Create organizations (the caller becomes OWNER) and add members. */
@Idempotent
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
    public Response delete(@PathParam("ref") String ref) {
        OrganizationService organizations = new OrganizationService(em);
        organizations.delete(organizations.resolve(ref, caller()).tenantId(), caller());
        return Response.noContent().build();
    }

    private String caller() {
        if (security.getUserPrincipal() == null) {
            throw new NotAuthorizedException("Basic realm=\"tenantry-example\"");
        }
        return security.getUserPrincipal().getName();
    }
}
