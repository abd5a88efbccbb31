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
    void anInsertGetsTheEntityManagersTenantAndItsReferencesReachThatTenantsRowsOnly() {
        List<String> before = all();
        java.util.Map<Boolean, UUID> inserted = new java.util.HashMap<>();
        for (boolean inTransaction : List.of(false, true)) {
            work(TenantEntityManagers.open(emf, A), inTransaction, em -> inserted.put(inTransaction,
                    new Repository<>(Project.class, em).direct().insert(new Project("A's, direct " + inTransaction)).getId()));
        }
        assertThat(db.rows("select organization_id || ' ' || name || ' ' || version from projects where name like '%direct%'"
                + " order by name")).containsExactly(A + " A's, direct false 1", A + " A's, direct true 1");
        for (UUID id : inserted.values()) {   // B does not see them, cannot change them
            work(TenantEntityManagers.open(emf, B), false, em -> assertThat(new Repository<>(Project.class, em).find(id)).isEmpty());
            assertThatThrownBy(() -> work(TenantEntityManagers.open(emf, B), false, em -> new Repository<>(Project.class, em)
                    .direct().update(id, null, Map.of("name", "taken by B")))).isInstanceOf(RecordNotFoundException.class);
        }

        // a task of A referring to A's project: its foreign key is written; to B's project (a copy read by B): the
        // database refuses it as a foreign key to nowhere in A; to a project never stored: refused before the database
        Project[] projectOfA = new Project[1];
        work(TenantEntityManagers.open(emf, A), false, em -> projectOfA[0] = new Repository<>(Project.class, em).get(ofA));
        work(TenantEntityManagers.open(emf, A), false, em -> new Repository<>(Task.class, em).direct()
                .insert(new Task("A's task", projectOfA[0])));
        assertThat(db.rows("select organization_id || ' ' || project_id from tasks")).containsExactly(A + " " + ofA);
        Project[] projectOfB = new Project[1];
        work(TenantEntityManagers.open(emf, B), false, em -> projectOfB[0] = new Repository<>(Project.class, em).get(ofB));
        for (boolean inTransaction : List.of(false, true)) {
            assertThatThrownBy(() -> work(TenantEntityManagers.open(emf, A), inTransaction, em -> new Repository<>(Task.class, em)
                    .direct().insert(new Task("into B", projectOfB[0]))))
                    .isInstanceOf(dev.tenantry.persistence.errors.ForeignKeyViolationException.class)
                    .hasMessageNotContaining(ofB.toString());
            assertThatThrownBy(() -> work(TenantEntityManagers.open(emf, A), inTransaction, em -> new Repository<>(Task.class, em)
                    .direct().insert(new Task("to a new project", new Project("never stored")))))
                    .isInstanceOf(dev.tenantry.persistence.errors.InvalidValueException.class)
                    .hasMessageContaining("project refers to a Project that is not stored yet");
        }
        assertThat(db.rows("select count(*) from tasks")).containsExactly("1");
        assertThat(all().stream().filter(before::contains).toList()).isEqualTo(before);
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
            assertThatThrownBy(() -> work(emf.createEntityManager(), inTransaction, em -> new Repository<>(Project.class, em)
                    .direct().insert(new Project("no tenant")))).isInstanceOf(TenantryException.class)
                    .hasMessageContaining("No tenant is set");
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
            assertThatThrownBy(() -> work(TenantEntityManagers.open(emf, A, Role.VIEWER), inTransaction,
                    em -> new Repository<>(Project.class, em).direct().insert(new Project("by a viewer"))))
                    .isInstanceOf(AccessDeniedException.class).hasMessageContaining("insert of a Project");
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

    /**
     * Organizations and memberships change through OrganizationService only: a role set by a direct
     * update would let a MEMBER make itself OWNER, and their activities would be skipped.
     */
    @Test
    void organizationsAndMembershipsAreNeverWrittenDirectly() {
        UUID member = UUID.randomUUID();
        db.execute("INSERT INTO organizations VALUES ('" + A + "', now(), now(), 1, NULL, 'A', 'org-direct-a')"
                + " ON CONFLICT DO NOTHING");
        db.execute("INSERT INTO memberships VALUES ('" + A + "', '" + member + "', now(), now(), 1, 'mallory', 'MEMBER')");
        try {
            List<String> before = db.rows("select o::text || m::text from organizations o join memberships m"
                    + " on m.organization_id = o.id where o.id = '" + A + "'");
            for (boolean inTransaction : List.of(false, true)) {
                for (Consumer<EntityManager> write : List.<Consumer<EntityManager>>of(
                        em -> new Repository<>(Membership.class, em).direct().update(member, null, Map.of("role", Role.OWNER)),
                        em -> new Repository<>(Membership.class, em).direct().delete(member, null),
                        em -> new Repository<>(Membership.class, em).direct().insert(new Membership(A.value(), "eve", Role.OWNER)),
                        em -> new Repository<>(Organization.class, em).direct().update(A.value(), null, Map.of("name", "mine")),
                        em -> new Repository<>(Organization.class, em).direct().delete(A.value(), null),
                        em -> new Repository<>(Organization.class, em).direct().insert(new Organization("Mine", "org-mine")))) {
                    assertThatThrownBy(() -> work(TenantEntityManagers.open(emf, A, Role.MEMBER), inTransaction, write))
                            .isInstanceOf(dev.tenantry.persistence.errors.InvalidValueException.class)
                            .hasMessageContaining("through OrganizationService");
                }
            }
            assertThat(db.rows("select o::text || m::text from organizations o join memberships m on m.organization_id = o.id"
                    + " where o.id = '" + A + "'")).isEqualTo(before);
            assertThat(db.rows("select count(*) from organizations where slug = 'org-mine'")).containsExactly("0");
            assertThat(db.rows("select count(*) from memberships where principal = 'eve'")).containsExactly("0");
        } finally {
            db.execute("DELETE FROM memberships WHERE id = '" + member + "'");
        }
    }

    @Test
    void theTenantColumnCannotBeSet() {
        List<String> before = all();
        assertThatThrownBy(() -> work(TenantEntityManagers.open(emf, A), false, em -> new Repository<>(Project.class, em)
                .direct().update(ofA, null, Map.of("organizationId", B.value()))))
                .isInstanceOf(dev.tenantry.persistence.errors.InvalidValueException.class);
        assertThat(all()).isEqualTo(before);
    }

    /**
     * The database connection dies while a direct write waits for a row lock (the backend terminated,
     * as a failover or an operator would): the caller gets a typed error that names the entity, the row
     * is as it was, and the pool's next connections — whichever tenant they serve — work and see
     * their own tenant only.
     */
    @Test
    void aConnectionThatDiesMidWriteChangesNothingAndThePoolServesTheNextWritesInTheirOwnTenant() throws Exception {
        for (boolean inTransaction : List.of(false, true)) {
            List<String> before = all();
            assertKilledWhileWaiting(inTransaction,
                    "SELECT 1 FROM projects WHERE organization_id = '" + A + "' AND id = '" + ofA + "' FOR UPDATE",
                    em -> new Repository<>(Project.class, em).direct().update(ofA, null, Map.of("name", "lost?")), "UPDATE projects");
            assertThat(all()).as("in a transaction: %s", inTransaction).isEqualTo(before);
        }
        // both pooled connections, each used by both tenants: B still cannot reach A's row, A can
        for (int i = 0; i < 4; i++) {
            assertThatThrownBy(() -> work(TenantEntityManagers.open(emf, B), false, em -> new Repository<>(Project.class, em)
                    .direct().update(ofA, null, Map.of("name", "taken by B")))).isInstanceOf(RecordNotFoundException.class);
            int round = i;
            work(TenantEntityManagers.open(emf, A), round % 2 == 1, em -> new Repository<>(Project.class, em).direct()
                    .update(ofA, null, Map.of("name", "after the fault " + round)));
        }
        assertThat(db.rows("select name || ' ' || version from projects where id = '" + ofA + "'"))
                .containsExactly("after the fault 3 5");
        assertThat(db.rows("select name || ' ' || version from projects where id = '" + ofB + "'")).containsExactly("of B 1");
    }

    /**
     * The connection dies while a direct insert waits — for a transaction that inserted the same id and
     * has not ended, as a retry racing its first attempt would: the caller is told whether the insert
     * may have happened, it is not repeated on another connection, and once the other transaction
     * rolls back no row of it exists.
     */
    @Test
    void aConnectionThatDiesMidInsertIsNeverRepeatedAndLeavesNoRow() throws Exception {
        for (boolean inTransaction : List.of(false, true)) {
            List<String> before = all();
            Project project = new Project("lost insert? " + inTransaction);
            UUID id = project.assignId();
            assertKilledWhileWaiting(inTransaction,
                    "INSERT INTO projects VALUES ('" + A + "', '" + id + "', now(), now(), 1, NULL, 'first try')",
                    em -> new Repository<>(Project.class, em).direct().insert(project), "INSERT INTO projects");
            assertThat(all()).as("in a transaction: %s", inTransaction).isEqualTo(before);
            assertThat(project.isNew()).isTrue();
        }
        // the pool serves the next inserts, each in its own tenant
        for (int i = 0; i < 4; i++) {
            TenantId tenant = i % 2 == 0 ? A : B;
            String name = "after the fault " + i;
            work(TenantEntityManagers.open(emf, tenant), i >= 2, em -> new Repository<>(Project.class, em).direct()
                    .insert(new Project(name)));
        }
        assertThat(db.rows("select organization_id || ' ' || count(*) from projects where name like 'after the fault%'"
                + " group by organization_id")).containsExactlyInAnyOrder(A + " 2", B + " 2");
    }

    /**
     * Runs {@code write} as A while another connection holds what it must wait for ({@code hold}, in a
     * transaction), terminates the write's backend while it waits, ends the other transaction, and
     * checks what the caller was told.
     */
    private void assertKilledWhileWaiting(boolean inTransaction, String hold, Consumer<EntityManager> write, String statement)
            throws Exception {
        java.util.concurrent.CompletableFuture<Void> running;
        try (java.sql.Connection holder = db.endpoint().connect()) {
            holder.setAutoCommit(false);
            try (java.sql.Statement held = holder.createStatement()) {
                held.execute(hold);
            }
            running = java.util.concurrent.CompletableFuture.runAsync(() -> work(TenantEntityManagers.open(emf, A), inTransaction,
                    write));
            // the write's own backend (on Citus the coordinator's, whose worker waits)
            String waiting = "select pid from pg_stat_activity where usename = 'tenantry_app' and state = 'active'"
                    + " and query like '%" + statement + "%'";
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (db.rows(waiting).isEmpty()) {
                assertThat(System.nanoTime()).as("the direct write never started").isLessThan(deadline);
                Thread.sleep(20);
            }
            db.execute("select pg_terminate_backend(pid) from (" + waiting + ") w");
            holder.rollback();
        }
        assertThatThrownBy(() -> running.get(10, java.util.concurrent.TimeUnit.SECONDS))
                .as("in a transaction: %s", inTransaction)
                .isInstanceOf(java.util.concurrent.ExecutionException.class)
                .cause().isInstanceOf(inTransaction ? jakarta.persistence.PersistenceException.class
                        : dev.tenantry.persistence.errors.WriteOutcomeUnknownException.class)
                .hasMessageContaining("connection to the database was lost during a direct write of Project")
                .hasMessageContaining(inTransaction ? "nothing of it was applied" : "it was not repeated");
    }

    private static void work(EntityManager em, boolean inTransaction, Consumer<EntityManager> work) {
        if (inTransaction) {
            dev.tenantry.embedded.Transactions.runInTransaction(em, work);
            return;
        }
        try {
            work.accept(em);
        } finally {
            em.close();
        }
    }
}
