package dev.tenantry.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantry.embedded.TestDatabase;
import dev.tenantry.persistence.TenantryException;
import dev.tenantry.persistence.repository.RecordNotFoundException;
import dev.tenantry.persistence.repository.Repository;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The single-statement writes of {@code Repository.direct()} under row-level security as
 * {@code tenantry_app}: they touch the EntityManager's tenant only, inside a transaction and outside
 * one, fail closed without a tenant and are refused to a VIEWER — each time with every row as it was.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DirectWritesIsolationTest {

    private static final TenantId A = new TenantId(UUID.fromString("0191d6a0-0000-7000-8000-0000000002aa"));
    private static final TenantId B = new TenantId(UUID.fromString("0191d6a0-0000-7000-8000-0000000002bb"));

    private RowSecurityDatabase rls;
    private TestDatabase db;
    private EntityManagerFactory emf;
    private UUID ofA;
    private UUID ofB;

    @BeforeAll
    void rolesMigrationsAndPool() {
        rls = new RowSecurityDatabase(getClass().getSimpleName(), 2);
        db = rls.db;
        emf = rls.emf;
    }

    @AfterAll
    void close() {
        rls.close();
    }

    @BeforeEach
    void oneProjectEach() {
        db.execute("DELETE FROM tasks");
        db.execute("DELETE FROM projects");
        ofA = UUID.randomUUID();
        ofB = UUID.randomUUID();
        db.execute("INSERT INTO projects VALUES ('" + A + "', '" + ofA + "', now(), now(), 1, NULL, 'of A')");
        db.execute("INSERT INTO projects VALUES ('" + B + "', '" + ofB + "', now(), now(), 1, NULL, 'of B')");
    }

    private List<String> all() {
        return db.rows("select p::text from projects p order by organization_id");
    }

    @Test
    void anotherTenantsIdIsNotFoundInsideAndOutsideATransaction() {
        List<String> before = all();
        for (boolean inTransaction : List.of(false, true)) {
            assertThatThrownBy(() -> work(TenantEntityManagers.open(emf, B), inTransaction, em -> new Repository<>(Project.class, em)
                    .direct().update(ofA, null, Map.of("name", "taken by B")))).isInstanceOf(RecordNotFoundException.class);
            assertThatThrownBy(() -> work(TenantEntityManagers.open(emf, B), inTransaction, em -> new Repository<>(Project.class, em)
                    .direct().delete(ofA, null))).isInstanceOf(RecordNotFoundException.class);
        }
        assertThat(all()).isEqualTo(before);

        work(TenantEntityManagers.open(emf, A), false, em -> new Repository<>(Project.class, em).direct()
                .update(ofA, 1L, Map.of("name", "renamed by A")));
        work(TenantEntityManagers.open(emf, A), true, em -> new Repository<>(Project.class, em).direct().delete(ofA, 2L));
        assertThat(db.rows("select name || ' ' || version || ' ' || (deleted_at is not null) from projects where organization_id = '"
                + A + "'")).containsExactly("renamed by A 3 true");
        assertThat(db.rows("select p::text from projects p where organization_id = '" + B + "'")).isEqualTo(before.subList(
                before.indexOf(before.stream().filter(r -> r.contains(ofB.toString())).findFirst().orElseThrow()),
                before.indexOf(before.stream().filter(r -> r.contains(ofB.toString())).findFirst().orElseThrow()) + 1));
    }

    @Test
    void withoutATenantNothingIsWritten() {
        List<String> before = all();
        for (boolean inTransaction : List.of(false, true)) {
            assertThatThrownBy(() -> work(emf.createEntityManager(), inTransaction, em -> new Repository<>(Project.class, em)
                    .direct().update(ofA, null, Map.of("name", "no tenant")))).isInstanceOf(TenantryException.class)
                    .hasMessageContaining("No tenant is set");
            assertThatThrownBy(() -> work(emf.createEntityManager(), inTransaction, em -> new Repository<>(Project.class, em)
                    .direct().delete(ofB, null))).isInstanceOf(TenantryException.class);
        }
        assertThat(all()).isEqualTo(before);
    }

    @Test
    void aViewerIsRefusedAndAMemberIsNot() {
        List<String> before = all();
        for (boolean inTransaction : List.of(false, true)) {
            assertThatThrownBy(() -> work(TenantEntityManagers.open(emf, A, Role.VIEWER), inTransaction,
                    em -> new Repository<>(Project.class, em).direct().update(ofA, null, Map.of("name", "by a viewer"))))
                    .isInstanceOf(AccessDeniedException.class).hasMessageContaining("update of a Project");
            assertThatThrownBy(() -> work(TenantEntityManagers.open(emf, A, Role.VIEWER), inTransaction,
                    em -> new Repository<>(Project.class, em).direct().delete(ofA, null)))
                    .isInstanceOf(AccessDeniedException.class).hasMessageContaining("delete of a Project");
        }
        assertThat(all()).isEqualTo(before);
        work(TenantEntityManagers.open(emf, A, Role.MEMBER), false, em -> new Repository<>(Project.class, em).direct()
                .update(ofA, null, Map.of("name", "by a member")));
        assertThat(db.rows("select name from projects where id = '" + ofA + "'")).containsExactly("by a member");
    }

    @Test
    void aRoleLoweredToViewerAfterOpeningIsRefusedToo() {
        List<String> before = all();
        for (boolean inTransaction : List.of(false, true)) {
            for (boolean afterFirstUse : List.of(false, true)) {
                assertThatThrownBy(() -> work(TenantEntityManagers.open(emf, A, Role.MEMBER), inTransaction, em -> {
                    if (afterFirstUse) {   // its unit of work exists already: the property must reach it
                        new Repository<>(Project.class, em).find(ofA);
                    }
                    em.setProperty(TenancySettings.ROLE_PROPERTY, Role.VIEWER.name());
                    new Repository<>(Project.class, em).direct().update(ofA, null, Map.of("name", "by a lowered role"));
                })).as("in a transaction: %s, after first use: %s", inTransaction, afterFirstUse)
                        .isInstanceOf(AccessDeniedException.class);
            }
        }
        assertThat(all()).isEqualTo(before);
    }

    @Test
    void theTenantColumnCannotBeSet() {
        List<String> before = all();
        assertThatThrownBy(() -> work(TenantEntityManagers.open(emf, A), false, em -> new Repository<>(Project.class, em)
                .direct().update(ofA, null, Map.of("organizationId", B.value()))))
                .isInstanceOf(dev.tenantry.persistence.errors.InvalidValueException.class);
        assertThat(all()).isEqualTo(before);
    }

    private static void work(EntityManager em, boolean inTransaction, Consumer<EntityManager> work) {
        try {
            if (inTransaction) {
                em.getTransaction().begin();
            }
            work.accept(em);
            if (inTransaction) {
                em.getTransaction().commit();
            }
        } finally {
            if (inTransaction && em.getTransaction().isActive()) {
                em.getTransaction().rollback();
            }
            em.close();
        }
    }
}
