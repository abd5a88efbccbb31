package dev.tenantry.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantry.embedded.Transactions;
import dev.tenantry.persistence.paging.PageRequest;
import dev.tenantry.persistence.repository.Repository;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A VIEWER's EntityManager reads, and every write path through it is refused before any SQL. */
class ViewerWriteTest extends TenantDatabaseTest {

    private static final TenantId A = new TenantId(UUID.fromString("0191d6a0-0000-7000-8000-0000000000a1"));

    private UUID existing;
    private List<String> before;

    @BeforeEach
    void oneProject() {
        sql("DELETE FROM tasks");
        sql("DELETE FROM projects");
        existing = as(A, em -> new Repository<>(Project.class, em).save(new Project("kept")).getId());
        before = rows("select * from projects order by id");
    }

    @Test
    void viewerReadsThroughEntityManagerAndRepository() {
        asViewer(em -> {
            assertThat(em.find(Project.class, existing).getName()).isEqualTo("kept");
            assertThat(new Repository<>(Project.class, em).count()).isEqualTo(1);
            assertThat(new Repository<>(Project.class, em).page(PageRequest.of(0, 10)).items()).hasSize(1);
            assertThat(em.createNamedQuery("Project.byName", Project.class).setParameter("name", "kept").getResultList())
                    .hasSize(1);
        });
    }

    @Test
    void repositoryWritesAreRefused() {
        assertRefused(em -> new Repository<>(Project.class, em).save(new Project("new")), "persist");
        assertRefused(em -> {
            Project p = new Repository<>(Project.class, em).get(existing);
            p.setName("renamed");
            new Repository<>(Project.class, em).save(p);
        }, "update of a Project");
        assertRefused(em -> new Repository<>(Project.class, em).deleteById(existing), "remove");
    }

    @Test
    void changingAManagedEntityIsRefusedAtFlush() {
        assertRefused(em -> em.find(Project.class, existing).setName("dirty"), "update of a Project");
    }

    @Test
    void bulkAndNativeStatementsAreRefusedAlsoAfterFluentSetters() {
        assertRefused(em -> em.createQuery("update Project p set p.name = :n").setParameter("n", "bulk").executeUpdate(),
                "executeUpdate");
        assertRefused(em -> em.createQuery("delete from Task t").executeUpdate(), "executeUpdate");
        assertRefused(em -> em.createNativeQuery("delete from projects").executeUpdate(), "executeUpdate");
    }

    @Test
    void memberWritesThroughTheSameMechanism() {
        EntityManager em = TenantEntityManagers.open(emf, A, Role.MEMBER);
        try {
            em.getTransaction().begin();
            em.find(Project.class, existing).setName("by a member");
            em.getTransaction().commit();
        } finally {
            em.close();
        }
        assertThat(rows("select name from projects")).containsExactly("by a member");
    }

    private void asViewer(Consumer<EntityManager> work) {
        Transactions.runInTransaction(TenantEntityManagers.open(emf, A, Role.VIEWER), work);
    }

    private void assertRefused(Consumer<EntityManager> write, String operation) {
        assertThatThrownBy(() -> asViewer(write))
                .satisfies(e -> assertThat(rootCause(e)).isInstanceOf(AccessDeniedException.class)
                        .hasMessageContaining(operation).hasMessageContaining("requires role MEMBER"));
        assertThat(rows("select * from projects order by id")).isEqualTo(before);
    }

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (!(t instanceof AccessDeniedException) && t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }
}
