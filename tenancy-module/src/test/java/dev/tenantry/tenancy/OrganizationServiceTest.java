package dev.tenantry.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantry.persistence.errors.CheckViolationException;
import dev.tenantry.persistence.errors.InvalidValueException;
import dev.tenantry.persistence.errors.UniqueViolationException;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OrganizationServiceTest extends TenantDatabaseTest {

    private TenantId acme;

    @BeforeEach
    void acmeOwnedByAlice() {
        tx(em -> em.createNativeQuery("DELETE FROM organizations").executeUpdate());
        emf.getCache().evictAll();
        acme = tx(em -> new OrganizationService(em).create("Acme", "acme-" + UUID.randomUUID().toString().substring(0, 8),
                "alice").tenantId());
        tx(em -> new OrganizationService(em).invite(acme, "bob", Role.ADMIN, "alice"));
        tx(em -> new OrganizationService(em).invite(acme, "vera", Role.VIEWER, "bob"));
    }

    @Test
    void creatorIsOwnerAndMembersHaveTheirRoles() {
        tx(em -> {
            OrganizationService orgs = new OrganizationService(em);
            assertThat(orgs.roleOf(acme, "alice")).contains(Role.OWNER);
            assertThat(orgs.roleOf(acme, "bob")).contains(Role.ADMIN);
            assertThat(orgs.roleOf(acme, "vera")).contains(Role.VIEWER);
            assertThat(orgs.roleOf(acme, "mallory")).isEmpty();
            assertThat(orgs.members(acme, "vera")).extracting(Membership::getPrincipal).containsExactly("alice", "bob", "vera");
            assertThat(orgs.membershipsOf("bob")).extracting(Membership::tenantId).containsExactly(acme);
            return null;
        });
    }

    @Test
    void aNonMemberGetsTheSameAnswerAsForAnOrganizationThatDoesNotExist() {
        String unknown = UUID.randomUUID().toString();
        Throwable forbidden = catchIt(() -> tx(em -> new OrganizationService(em).resolve(acme.toString(), "mallory")));
        Throwable missing = catchIt(() -> tx(em -> new OrganizationService(em).resolve(unknown, "mallory")));

        assertThat(forbidden).isInstanceOf(OrganizationNotFoundException.class);
        assertThat(missing).isInstanceOf(OrganizationNotFoundException.class);
        assertThat(forbidden.getMessage().replace(acme.toString(), "X")).isEqualTo(missing.getMessage().replace(unknown, "X"));
        assertThatThrownBy(() -> tx(em -> new OrganizationService(em).members(acme, "mallory")))
                .isInstanceOf(OrganizationNotFoundException.class);
        assertThat(this.<TenantId>tx(em -> new OrganizationService(em).resolve(acme.toString(), "vera").tenantId())).isEqualTo(acme);
    }

    @Test
    void resolvesBySlugToo() {
        String slug = tx(em -> em.find(Organization.class, acme.value()).getSlug());
        assertThat(this.<TenantId>tx(em -> new OrganizationService(em).resolve(slug, "bob").tenantId())).isEqualTo(acme);
    }

    @Test
    void aSlugThatJavaWouldReadAsAUuidIsStillASlugAndUuidShapedSlugsAreRefused() {
        // UUID.fromString reads "a-b-c-d-12ab34cd" as a UUID: such an organization was created and then unreachable
        TenantId odd = tx(em -> new OrganizationService(em).create("Odd", "a-b-c-d-12ab34cd", "olga").tenantId());
        assertThat(this.<TenantId>tx(em -> new OrganizationService(em).resolve("a-b-c-d-12ab34cd", "olga").tenantId()))
                .isEqualTo(odd);
        assertThat(this.<TenantId>tx(em -> new OrganizationService(em).resolve(odd.toString(), "olga").tenantId()))
                .isEqualTo(odd);
        String uuidShaped = UUID.randomUUID().toString();
        assertThat(catchIt(() -> tx(em -> new OrganizationService(em).create("Ambiguous", uuidShaped, "olga"))))
                .isInstanceOf(dev.tenantry.persistence.errors.InvalidValueException.class)
                .hasMessageContaining("Organization.slug").hasMessageNotContaining(uuidShaped);
        assertThat(catchIt(() -> sql("INSERT INTO organizations VALUES (gen_random_uuid(), now(), now(), 1, NULL, 'x', '"
                + uuidShaped + "')"))).hasMessageContaining("organizations_slug_not_an_id");
        assertThat(catchIt(() -> tx(em -> new OrganizationService(em).create("Nobody", "nobody", " "))))
                .isInstanceOf(dev.tenantry.persistence.errors.InvalidValueException.class)
                .hasMessageContaining("Membership.principal");
        assertThat(rows("select count(*) from organizations where slug in ('nobody', '" + uuidShaped + "')"))
                .containsExactly("0");
    }

    @Test
    void aRequestsMembershipComesInOneLookupAndHidesNonMembersToo() {
        String slug = tx(em -> em.find(Organization.class, acme.value()).getSlug());
        Membership vera = tx(em -> new OrganizationService(em).membership(slug, "vera"));
        assertThat(vera.tenantId()).isEqualTo(acme);
        assertThat(vera.getRole()).isEqualTo(Role.VIEWER);
        assertThatThrownBy(() -> tx(em -> new OrganizationService(em).membership(slug, "mallory")))
                .isInstanceOf(OrganizationNotFoundException.class).hasMessage("Organization " + slug + " not found");
        assertThatThrownBy(() -> tx(em -> new OrganizationService(em).membership(slug, null)))
                .isInstanceOf(OrganizationNotFoundException.class);
    }

    @Test
    void weakRolesCannotManageMembers() {
        assertThatThrownBy(() -> tx(em -> new OrganizationService(em).invite(acme, "eve", Role.MEMBER, "vera")))
                .isInstanceOf(AccessDeniedException.class)
                .hasMessage("Adding a MEMBER requires role ADMIN or stronger; the caller has VIEWER");
        assertThatThrownBy(() -> tx(em -> new OrganizationService(em).invite(acme, "eve", Role.OWNER, "bob")))
                .isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> tx(em -> new OrganizationService(em).changeRole(acme, "alice", Role.ADMIN, "bob")))
                .isInstanceOf(AccessDeniedException.class);
        assertThat(this.<java.util.Optional<Role>>tx(em -> new OrganizationService(em).roleOf(acme, "eve"))).isEmpty();
    }

    @Test
    void theLastOwnerCannotBeDemotedOrRemoved() {
        assertThatThrownBy(() -> tx(em -> new OrganizationService(em).changeRole(acme, "alice", Role.ADMIN, "alice")))
                .isInstanceOf(LastOwnerException.class).hasMessageContaining("last OWNER");
        assertThatThrownBy(() -> tx(em -> {
            new OrganizationService(em).remove(acme, "alice", "alice");
            return null;
        })).isInstanceOf(LastOwnerException.class);

        tx(em -> new OrganizationService(em).changeRole(acme, "bob", Role.OWNER, "alice"));
        tx(em -> new OrganizationService(em).changeRole(acme, "alice", Role.MEMBER, "bob"));
        assertThat(this.<java.util.Optional<Role>>tx(em -> new OrganizationService(em).roleOf(acme, "alice"))).contains(Role.MEMBER);
    }

    @Test
    void aMemberIsToldThatThePrincipalIsNoMemberAnOutsiderOnlyThatTheOrganizationIsNotFound() {
        assertThatThrownBy(() -> tx(em -> new OrganizationService(em).changeRole(acme, "eve", Role.MEMBER, "alice")))
                .isInstanceOf(MemberNotFoundException.class)
                .hasMessage("eve is not a member of organization " + acme.value() + ": add them as a member first");
        assertThatThrownBy(() -> tx(em -> {
            new OrganizationService(em).remove(acme, "eve", "bob");
            return null;
        })).isInstanceOf(MemberNotFoundException.class);
        // to a non-member, whether eve or vera is a member is as unknown as the organization itself
        for (String principal : List.of("eve", "vera")) {
            assertThatThrownBy(() -> tx(em -> new OrganizationService(em).changeRole(acme, principal, Role.MEMBER, "mallory")))
                    .isInstanceOf(OrganizationNotFoundException.class).hasMessage("Organization " + acme + " not found");
            assertThatThrownBy(() -> tx(em -> {
                new OrganizationService(em).remove(acme, principal, "mallory");
                return null;
            })).isInstanceOf(OrganizationNotFoundException.class).hasMessage("Organization " + acme + " not found");
        }
        // leaving an organization one is not in
        assertThatThrownBy(() -> tx(em -> {
            new OrganizationService(em).remove(acme, "mallory", "mallory");
            return null;
        })).isInstanceOf(OrganizationNotFoundException.class);
        // a reference from a request is shown shortened, whatever its length
        String longReference = "x".repeat(5000);
        assertThatThrownBy(() -> tx(em -> new OrganizationService(em).resolve(longReference, "alice")))
                .isInstanceOf(OrganizationNotFoundException.class)
                .hasMessage("Organization " + "x".repeat(80) + "…(5000 characters) not found");
        // and without the characters that forge log lines or hide text
        assertThatThrownBy(() -> tx(em -> new OrganizationService(em).resolve("a\u0000b\nINFO forged\u202Egnp.exe\ud800", "alice")))
                .isInstanceOf(OrganizationNotFoundException.class)
                .hasMessage("Organization a?b?INFO forged?gnp.exe? not found");
        assertThat(rows("select count(*) from memberships where organization_id = '" + acme.value() + "'")).containsExactly("3");
    }

    @Test
    void membersCanLeaveAndAdminsCanRemoveThem() {
        tx(em -> {
            new OrganizationService(em).remove(acme, "vera", "vera");
            return null;
        });
        assertThat(this.<java.util.Optional<Role>>tx(em -> new OrganizationService(em).roleOf(acme, "vera"))).isEmpty();
    }

    @Test
    void duplicateSlugMemberAndMalformedSlugAreTypedErrors() {
        String slug = tx(em -> em.find(Organization.class, acme.value()).getSlug());
        assertThatThrownBy(() -> tx(em -> new OrganizationService(em).create("Other", slug, "zoe")))
                .isInstanceOfSatisfying(UniqueViolationException.class,
                        e -> assertThat(e.constraint()).contains("organizations_slug_live_key"));
        assertThatThrownBy(() -> tx(em -> new OrganizationService(em).invite(acme, "bob", Role.MEMBER, "alice")))
                .isInstanceOfSatisfying(UniqueViolationException.class,
                        e -> assertThat(e.constraint()).contains("memberships_principal_key"));
        assertThatThrownBy(() -> tx(em -> new OrganizationService(em).create("Bad", "Not A Slug", "zoe")))
                .isInstanceOfSatisfying(CheckViolationException.class,
                        e -> assertThat(e.constraint()).contains("organizations_slug_format"));
    }

    @Test
    void aDeletedOrganizationNoLongerResolvesAndFreesItsSlug() {
        String slug = tx(em -> em.find(Organization.class, acme.value()).getSlug());
        assertThatThrownBy(() -> tx(em -> {
            new OrganizationService(em).delete(acme, "bob");
            return null;
        })).isInstanceOf(AccessDeniedException.class);
        tx(em -> {
            new OrganizationService(em).delete(acme, "alice");
            return null;
        });
        assertThatThrownBy(() -> tx(em -> new OrganizationService(em).resolve(acme.toString(), "alice")))
                .isInstanceOf(OrganizationNotFoundException.class);
        assertThat(this.<List<Membership>>tx(em -> new OrganizationService(em).membershipsOf("alice"))).isEmpty();
        assertThat(this.<Organization>tx(em -> new OrganizationService(em).create("Acme again", slug, "alice"))).isNotNull();
    }

    private static Throwable catchIt(Runnable r) {
        try {
            r.run();
            return null;
        } catch (Throwable t) {
            return t;
        }
    }

    @Test
    void aNameNoRowCanHoldIsNobodysAndFailsNoQuery() {
        // PostgreSQL refuses a NUL in a parameter (SQLState 22021): asked for such a principal or
        // reference, the service answers as for anyone unknown, with its typed exceptions, instead
        // of failing the statement with the provider's PersistenceException
        for (String odd : List.of("al\u0000ice", "alice\ud800")) {
            TenantId org = acme;
            assertThatThrownBy(() -> tx(em -> new OrganizationService(em).resolve(org.toString(), odd)))
                    .isInstanceOf(OrganizationNotFoundException.class);
            assertThatThrownBy(() -> tx(em -> new OrganizationService(em).membership("x\u0000", "alice")))
                    .isInstanceOf(OrganizationNotFoundException.class);
            assertThatThrownBy(() -> tx(em -> new OrganizationService(em).membership(org.toString(), odd)))
                    .isInstanceOf(OrganizationNotFoundException.class);
            java.util.Optional<Role> role = tx(em -> new OrganizationService(em).roleOf(org, odd));
            assertThat(role).isEmpty();
            List<Membership> memberships = tx(em -> new OrganizationService(em).membershipsOf(odd));
            assertThat(memberships).isEmpty();
            assertThatThrownBy(() -> tx(em -> new OrganizationService(em).members(org, odd)))
                    .isInstanceOf(OrganizationNotFoundException.class);
            assertThatThrownBy(() -> tx(em -> new OrganizationService(em).invite(org, "zed", Role.VIEWER, odd)))
                    .isInstanceOf(OrganizationNotFoundException.class);
            assertThatThrownBy(() -> tx(em -> new OrganizationService(em).invite(org, odd, Role.VIEWER, "alice")))
                    .isInstanceOf(InvalidValueException.class).hasMessageContaining("Membership.principal");
            assertThatThrownBy(() -> tx(em -> new OrganizationService(em).create("Odd", "odd-org", odd)))
                    .isInstanceOf(InvalidValueException.class).hasMessageContaining("Membership.principal");
            assertThatThrownBy(() -> tx(em -> new OrganizationService(em).changeRole(org, odd, Role.ADMIN, "alice")))
                    .isInstanceOf(MemberNotFoundException.class).hasMessageNotContaining("\u0000");
            assertThatThrownBy(() -> tx(em -> {
                new OrganizationService(em).remove(org, odd, "alice");
                return null;
            })).isInstanceOf(MemberNotFoundException.class);
            assertThatThrownBy(() -> tx(em -> {
                new OrganizationService(em).delete(org, odd);
                return null;
            })).isInstanceOf(OrganizationNotFoundException.class);
        }
        assertThat(rows("select count(*) from memberships where organization_id = '" + acme.value() + "'")).containsExactly("3");
        assertThat(rows("select count(*) from organizations where deleted_at is null")).containsExactly("1");
    }
}
