package dev.tenantry.example;

import dev.tenantry.tenancy.Idempotent;
import dev.tenantry.persistence.repository.RecordNotFoundException;
import dev.tenantry.persistence.repository.Repository;
import dev.tenantry.tenancy.OrganizationNotFoundException;
import dev.tenantry.tenancy.OrganizationService;
import dev.tenantry.tenancy.PublicationStatus;
import dev.tenantry.tenancy.Role;
import dev.tenantry.tenancy.TenantId;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.util.UUID;

/** Stories: publishable content of the caller, optionally on behalf of an organization they belong to. */
@Idempotent
@Path("stories")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class StoryResource {

    /**
     * @param title        title
     * @param organization id or slug of an organization the caller is a MEMBER (or more) of, or null
     * @param publish      publish right away
     */
    public record Input(String title, String organization, boolean publish) {
    }

    /**
     * @param id           id
     * @param title        title
     * @param creator      creator
     * @param organization owning organization, or null
     * @param status       draft, published or archived
     * @param publishedAt  when published, or null
     */
    public record View(UUID id, String title, String creator, UUID organization, String status, String publishedAt) {
        static View of(Story s) {
            return new View(s.getId(), s.getTitle(), s.getCreator(), s.getOrganization().map(TenantId::value).orElse(null),
                    s.getStatus().column(), s.getPublishedAt().map(Object::toString).orElse(null));
        }
    }

    @Inject
    EntityManager em;

    @Inject
    Repository<Story> stories;

    @Context
    SecurityContext security;

    /**
     * @param in the story
     * @return 201 with it
     */
    @POST
    @Transactional
    public Response create(@NotNull(message = "a JSON body is required") Input in) {
        TenantId organization = null;
        if (in.organization() != null) {
            // content in an organization's name is the organization's writing: MEMBER at least, as for its
            // tenant entities (a VIEWER reads only)
            OrganizationService organizations = new OrganizationService(em);
            organization = organizations.resolve(in.organization(), caller()).tenantId();
            organizations.requireRole(organization, caller(), Role.MEMBER, "Creating a story of the organization");
        }
        Story story = new Story(caller(), organization, in.title());
        if (in.publish()) {
            story.publish();
        }
        return Response.status(Response.Status.CREATED).entity(View.of(stories.save(story))).build();
    }

    /**
     * A published (or archived) story is public. A draft is readable by its creator and by the members
     * of the organization it belongs to; anyone else is told it does not exist, exactly as for an id
     * that does not.
     *
     * @param id the story
     * @return it, as the database holds it now
     */
    @GET
    @Path("{id}")
    public View get(@PathParam("id") UUID id) {
        Story story = stories.get(id);
        if (story.getStatus() == PublicationStatus.DRAFT && !mayReadDraft(story)) {
            throw new RecordNotFoundException("Story", id);
        }
        return View.of(story);
    }

    private boolean mayReadDraft(Story story) {
        if (security.getUserPrincipal() == null) {
            return false;
        }
        String caller = security.getUserPrincipal().getName();
        if (caller.equals(story.getCreator())) {
            return true;
        }
        return story.getOrganization().map(org -> {
            try {
                new OrganizationService(em).membership(org.toString(), caller);
                return true;
            } catch (OrganizationNotFoundException notAMember) {
                return false;
            }
        }).orElse(false);
    }

    private String caller() {
        if (security.getUserPrincipal() == null) {
            throw new NotAuthorizedException("Basic realm=\"tenantry-example\"");
        }
        return security.getUserPrincipal().getName();
    }
}
