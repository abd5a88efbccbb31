package dev.tenantry.tenancy;

import dev.tenantry.persistence.errors.InvalidValueException;
import dev.tenantry.persistence.internal.StorableText;
import dev.tenantry.persistence.repository.Repository;
import dev.tenantry.tenancy.internal.RowSecurityScope;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Organizations and their members. Every operation names the acting principal and checks its role;
 * a principal who is not a member gets {@link OrganizationNotFoundException}, exactly as for an
 * organization that does not exist.
 *
 * <p>Needs an active transaction for writes, and flushes them before it returns (as {@link Repository} does). Role changes lock the
 * organization row, so two concurrent demotions cannot leave it without an OWNER. As thread-safe as
 * its EntityManager.
 *
 * <p>Under row-level security ({@link RowSecurityListener}, and {@code tenantry_enable_row_security('memberships')}
 * in a migration) each operation tells the database whom it works for: lookups by principal carry the
 * caller ({@code tenantry.principal}, which shows a caller its own memberships), operations inside an
 * organization carry it as the tenant.
 */
public final class OrganizationService {

    private final EntityManager em;
    private final Repository<Organization> organizations;
    private final Repository<Membership> memberships;

    /** @param em an EntityManager of a unit that lists {@link Organization} and {@link Membership} */
    public OrganizationService(EntityManager em) {
        this.em = Objects.requireNonNull(em, "em");
        this.organizations = new Repository<>(Organization.class, em);
        this.memberships = new Repository<>(Membership.class, em);
    }

    /**
     * Creates an organization with its first OWNER.
     *
     * @param name  display name
     * @param slug  URL name: lower-case letters, digits and inner dashes, 1–63 characters, unique among
     *              live organizations (a duplicate is a {@code UniqueViolationException}), and not in
     *              the form of a UUID (an {@code InvalidValueException}): references in that form are ids
     * @param owner the principal who becomes OWNER
     * @return the organization
     */
    public Organization create(String name, String slug, String owner) {
        requirePrincipal(owner);
        if (TenantId.isCanonical(slug == null ? null : slug.trim())) {
            throw new InvalidValueException("Organization", "slug", "has the form of an organization id: choose a slug"
                    + " that is not a UUID, so that references to organizations stay unambiguous");
        }
        Organization org = new Organization(name, slug);
        UUID id = org.assignId();   // the new organization is the tenant of its own creation, audit row included
        return within(new TenantId(id), owner, () -> {
            organizations.save(org);
            memberships.save(new Membership(id, owner, Role.OWNER));
            return org;
        });
    }

    /**
     * @param idOrSlug  an organization id or slug, as a client sends it
     * @param principal the caller
     * @return the organization, when it is live and the caller is a member
     * @throws OrganizationNotFoundException otherwise (unknown and forbidden look the same)
     */
    public Organization resolve(String idOrSlug, String principal) {
        if (nobody(principal)) {
            throw new OrganizationNotFoundException(idOrSlug);
        }
        return RowSecurityScope.call(null, principal, () -> findLive(idOrSlug)
                .filter(org -> membership(org.tenantId(), principal).isPresent())
                .orElseThrow(() -> new OrganizationNotFoundException(idOrSlug)));
    }

    /**
     * One lookup for a request: the organization (live) and the caller's membership in it.
     *
     * @param idOrSlug  an organization id or slug, as a client sends it
     * @param principal the caller
     * @return the caller's membership, which names the organization and the role
     * @throws OrganizationNotFoundException when there is none (unknown and forbidden look the same)
     */
    public Membership membership(String idOrSlug, String principal) {
        if (nobody(principal)) {
            throw new OrganizationNotFoundException(idOrSlug);
        }
        return RowSecurityScope.call(null, principal, () -> findLive(idOrSlug)
                .flatMap(org -> membership(org.tenantId(), principal))
                .orElseThrow(() -> new OrganizationNotFoundException(idOrSlug)));
    }

    /**
     * @param org       organization
     * @param principal principal
     * @return the principal's role there, if a member of a live organization
     */
    public Optional<Role> roleOf(TenantId org, String principal) {
        if (nobody(principal)) {
            return Optional.empty();
        }
        return within(org, principal, () -> organizations.find(org.value()).isEmpty() ? Optional.<Role>empty()
                : membership(org, principal).map(Membership::getRole));
    }

    /**
     * @param principal principal
     * @return the principal's memberships in live organizations
     */
    public List<Membership> membershipsOf(String principal) {
        if (nobody(principal)) {
            return List.of();
        }
        return RowSecurityScope.call(null, principal, () -> em.createQuery("select m from Membership m, Organization o"
                        + " where o.id = m.organizationId and m.principal = :p order by m.organizationId", Membership.class)
                .setParameter("p", principal).getResultList());
    }

    /**
     * @param org   organization
     * @param actor caller, any member
     * @return its members
     */
    public List<Membership> members(TenantId org, String actor) {
        return within(org, actor, () -> {
            requireRole(org, actor, Role.VIEWER, "Listing members");
            return em.createQuery("select m from Membership m where m.organizationId = :o order by m.principal", Membership.class)
                    .setParameter("o", org.value()).getResultList();
        });
    }

    /**
     * @param org       organization
     * @param principal who joins
     * @param role      their role; granting OWNER needs an OWNER
     * @param actor     caller, at least ADMIN
     * @return the membership (a principal already a member is a {@code UniqueViolationException})
     */
    public Membership invite(TenantId org, String principal, Role role, String actor) {
        requirePrincipal(principal);
        return within(org, actor, () -> {
            requireRole(org, actor, role == Role.OWNER ? Role.OWNER : Role.ADMIN, "Adding a " + role);
            Membership member = memberships.save(new Membership(org.value(), principal, role));
            return member;
        });
    }

    /**
     * @param org       organization
     * @param principal member whose role changes
     * @param role      the new role
     * @param actor     caller: ADMIN, or OWNER when an OWNER is involved
     * @return the changed membership
     * @throws LastOwnerException when it would leave no OWNER
     * @throws MemberNotFoundException when the principal is not a member (and the caller is one)
     */
    public Membership changeRole(TenantId org, String principal, Role role, String actor) {
        return within(org, actor, () -> {
            lock(org);
            Membership member = membership(org, principal).orElseThrow(() -> notAMember(org, principal, actor));
            boolean ownerInvolved = role == Role.OWNER || member.getRole() == Role.OWNER;
            requireRole(org, actor, ownerInvolved ? Role.OWNER : Role.ADMIN, "Changing a role to " + role);
            if (member.getRole() == Role.OWNER && role != Role.OWNER && owners(org) == 1) {
                throw new LastOwnerException(principal);
            }
            member.setRole(role);
            Membership changed = memberships.save(member);
            return changed;
        });
    }

    /**
     * @param org       organization
     * @param principal member to remove
     * @param actor     caller: ADMIN (OWNER to remove an OWNER), or the member leaving
     * @throws LastOwnerException when it would leave no OWNER
     * @throws MemberNotFoundException when the principal is not a member (and the caller is one)
     */
    public void remove(TenantId org, String principal, String actor) {
        within(org, actor, () -> {
            lock(org);
            Membership member = membership(org, principal).orElseThrow(() -> notAMember(org, principal, actor));
            boolean leaving = principal.equals(actor);
            if (!leaving) {
                requireRole(org, actor, member.getRole() == Role.OWNER ? Role.OWNER : Role.ADMIN, "Removing a " + member.getRole());
            }
            if (member.getRole() == Role.OWNER && owners(org) == 1) {
                throw new LastOwnerException(principal);
            }
            memberships.delete(member);
            return null;
        });
    }

    /**
     * Soft-deletes the organization; its published content in every publishable table becomes drafts
     * in the same transaction.
     *
     * @param org   organization
     * @param actor caller, OWNER
     */
    public void delete(TenantId org, String actor) {
        within(org, actor, () -> {
            requireRole(org, actor, Role.OWNER, "Deleting the organization");
            organizations.deleteById(org.value());
            em.flush();
            // its published content becomes drafts: done by a trigger on plain PostgreSQL (then this
            // does nothing), here on Citus, which cannot run that trigger
            em.createNativeQuery("SELECT tenantry_unpublish_organization(?)").setParameter(1, org.value())
                    .setHint("eclipselink.jdbc.allow-native-sql-query", true).getSingleResult();
            return null;
        });
    }

    /**
     * @param org       organization
     * @param actor     caller
     * @param required  weakest role allowed
     * @param operation what is attempted, for the message
     * @return the caller's role
     * @throws OrganizationNotFoundException when the caller is not a member (or it does not exist)
     * @throws AccessDeniedException         when the caller's role is too weak
     */
    public Role requireRole(TenantId org, String actor, Role required, String operation) {
        Role role = roleOf(org, actor).orElseThrow(() -> new OrganizationNotFoundException(org.toString()));
        if (!role.atLeast(required)) {
            throw new AccessDeniedException(operation, required, role);
        }
        return role;
    }

    /**
     * The principal asked for is no member: a member may know that (members can list the members),
     * to anyone else the organization does not exist.
     */
    private RuntimeException notAMember(TenantId org, String principal, String actor) {
        return roleOf(org, actor).isPresent() ? new MemberNotFoundException(org, principal)
                : new OrganizationNotFoundException(org.toString());
    }

    /**
     * Runs work with org as the row-level security tenant of this EntityManager's statements; an actor
     * who can be no member (see {@link #nobody}) is told, as any non-member, that it does not exist.
     */
    private static <T> T within(TenantId org, String actor, Supplier<T> work) {
        if (nobody(actor)) {
            throw new OrganizationNotFoundException(org.toString());
        }
        return RowSecurityScope.call(org.value(), actor, work);
    }

    private Optional<Organization> findLive(String idOrSlug) {
        if (idOrSlug == null || idOrSlug.isBlank()) {
            return Optional.empty();
        }
        String reference = idOrSlug.trim();
        if (StorableText.problemOf(reference) != null) {
            return Optional.empty();                 // text PostgreSQL cannot store: no slug is such text
        }
        if (TenantId.isCanonical(reference)) {       // slugs never have this form (see create)
            return organizations.find(UUID.fromString(reference));
        }
        return em.createQuery("select o from Organization o where o.slug = :s", Organization.class)
                .setParameter("s", reference).getResultStream().findFirst();
    }

    /**
     * A principal name no membership can hold: none, or text PostgreSQL cannot store (a NUL, an unpaired
     * surrogate). It is nobody's, so it is a member of nothing: asking for it must not fail the query
     * (a NUL parameter fails the statement with SQLState 22021) but find nothing.
     */
    private static boolean nobody(String principal) {
        return principal == null || StorableText.problemOf(principal) != null;
    }

    private Optional<Membership> membership(TenantId org, String principal) {
        if (nobody(principal)) {
            return Optional.empty();
        }
        return em.createQuery("select m from Membership m where m.organizationId = :o and m.principal = :p", Membership.class)
                .setParameter("o", org.value()).setParameter("p", principal).getResultStream().findFirst();
    }

    private long owners(TenantId org) {
        return em.createQuery("select count(m) from Membership m where m.organizationId = :o and m.role = :r", Long.class)
                .setParameter("o", org.value()).setParameter("r", Role.OWNER).getSingleResult();
    }

    private void lock(TenantId org) {
        if (em.find(Organization.class, org.value(), LockModeType.PESSIMISTIC_WRITE) == null) {
            throw new OrganizationNotFoundException(org.toString());
        }
    }

    private static void requirePrincipal(String principal) {
        if (principal == null || principal.isBlank()) {
            throw new InvalidValueException("Membership", "principal", "is required: name the member");
        }
        String problem = StorableText.problemOf(principal);
        if (problem != null) {
            throw new InvalidValueException("Membership", "principal", problem);
        }
    }
}
