package dev.tenantry.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantry.embedded.Transactions;
import dev.tenantry.persistence.repository.Repository;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.Persistence;
import jakarta.persistence.RollbackException;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two servers on one database, as two EntityManagerFactories (two EclipseLink sessions, each with its
 * own shared cache) in one JVM: what one changes, the other sees at its next read — a member demoted,
 * an organization renamed or deleted, a tenant row updated or soft-deleted — and two updates of one
 * row from both end in one success and one optimistic-lock failure. Tenantry keeps its entities out of
 * the shared cache (unless {@code @Cacheable(true)}); with EclipseLink's default shared cache the
 * demotion and the deletion would go unseen by the second server until its cache entry expired.
 */
class SeveralServersTest extends TenantDatabaseTest {

    private EntityManagerFactory second;
    private TenantId acme;

    @BeforeAll
    void aSecondServer() {
        second = Persistence.createEntityManagerFactory("tenancy-test",
                db.endpoint().jpaProperties(Map.of("eclipselink.session-name", "second-server")));
    }

    @AfterAll
    void closeSecond() {
        second.close();
    }

    @BeforeEach
    void acmeWithAnAdmin() {
        acme = tx(em -> new OrganizationService(em).create("Acme", "acme-" + UUID.randomUUID().toString().substring(0, 8),
                "alice").tenantId());
        tx(em -> new OrganizationService(em).invite(acme, "bob", Role.ADMIN, "alice"));
        // both servers have read everything once (a shared cache would now hold it)
        for (EntityManagerFactory server : new EntityManagerFactory[] {emf, second}) {
            assertThat(roleOf(server, "bob")).contains(Role.ADMIN);
            assertThat(nameOn(server)).isEqualTo("Acme");
        }
    }

    @Test
    void aMemberDemotedOnOneServerIsRefusedOnTheOtherAtOnce() {
        on(emf, em -> new OrganizationService(em).changeRole(acme, "bob", Role.VIEWER, "alice"));
        assertThat(roleOf(second, "bob")).contains(Role.VIEWER);
        assertThatThrownBy(() -> on(second, em -> new OrganizationService(em).invite(acme, "carol", Role.MEMBER, "bob")))
                .isInstanceOf(AccessDeniedException.class);

        on(emf, em -> {
            new OrganizationService(em).remove(acme, "bob", "alice");
            return null;
        });
        assertThat(roleOf(second, "bob")).isEmpty();
    }

    @Test
    void anOrganizationRenamedOrDeletedOnOneServerIsSeenSoOnTheOther() {
        // renamed by another server (or an operator): through the database, as the first server's write would arrive
        sql("UPDATE organizations SET name = 'Acme Two', version = version + 1 WHERE id = '" + acme + "'");
        assertThat(nameOn(second)).isEqualTo("Acme Two");

        on(emf, em -> {
            new OrganizationService(em).delete(acme, "alice");
            return null;
        });
        assertThatThrownBy(() -> on(second, em -> new OrganizationService(em).resolve(acme.toString(), "alice")))
                .isInstanceOf(OrganizationNotFoundException.class);
        assertThat(roleOf(second, "alice")).isEmpty();
    }

    @Test
    void aTenantRowUpdatedOrSoftDeletedOnOneServerIsReadSoOnTheOther() {
        UUID id = as(acme, em -> new Repository<>(Project.class, em).save(new Project("first")).getId());
        assertThat(this.<String>onTenant(second, em -> new Repository<>(Project.class, em).get(id).getName())).isEqualTo("first");
        run(acme, em -> em.find(Project.class, id).setName("renamed on one"));
        assertThat(this.<String>onTenant(second, em -> new Repository<>(Project.class, em).get(id).getName())).isEqualTo("renamed on one");
        run(acme, em -> new Repository<>(Project.class, em).deleteById(id));
        assertThat(this.<Optional<Project>>onTenant(second, em -> new Repository<>(Project.class, em).find(id))).isEmpty();
    }

    @Test
    void twoUpdatesOfOneRowFromBothServersEndInOneSuccessAndOneConflict() {
        UUID id = as(acme, em -> new Repository<>(Project.class, em).save(new Project("contended")).getId());
        EntityManager one = TenantEntityManagers.open(emf, acme);
        EntityManager two = TenantEntityManagers.open(second, acme);
        try {
            one.getTransaction().begin();
            two.getTransaction().begin();
            one.find(Project.class, id).setName("by one");
            two.find(Project.class, id).setName("by two");
            one.getTransaction().commit();
            assertThatThrownBy(() -> two.getTransaction().commit()).isInstanceOf(RollbackException.class)
                    .hasCauseInstanceOf(OptimisticLockException.class);
        } finally {
            one.close();
            two.close();
        }
        assertThat(rows("select name || ' ' || version from projects where id = '" + id + "'")).containsExactly("by one 2");
    }

    private Optional<Role> roleOf(EntityManagerFactory server, String principal) {
        return on(server, em -> new OrganizationService(em).roleOf(acme, principal));
    }

    private String nameOn(EntityManagerFactory server) {
        return on(server, em -> em.find(Organization.class, acme.value()).getName());
    }

    private <R> R on(EntityManagerFactory server, Function<EntityManager, R> work) {
        return Transactions.inTransaction(server.createEntityManager(), work);
    }

    private <R> R onTenant(EntityManagerFactory server, Function<EntityManager, R> work) {
        return Transactions.inTransaction(TenantEntityManagers.open(server, acme), work);
    }
}
