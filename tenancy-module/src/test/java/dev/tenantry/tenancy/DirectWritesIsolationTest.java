package dev.tenantry.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.tenantry.embedded.TestDatabase;
import dev.tenantry.persistence.TenantryException;
import dev.tenantry.persistence.migration.MigrationRunner;
import dev.tenantry.persistence.repository.RecordNotFoundException;
import dev.tenantry.persistence.repository.Repository;
import dev.tenantry.serverconfig.PostgresRoles;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The single-statement writes of {@code Repository.direct()} under row-level security as
 * {@code tenantry_app}: they touch the EntityManager's tenant only, inside a transaction and outside
 * one, fail closed without a tenant and are refused to a VIEWER — each time with every row as it was.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DirectWritesIsolationTest {

    private static final TenantId A = new TenantId(UUID.fromString("0191d6a0-0000-7000-8000-0000000002aa"));
    private static final TenantId B = new TenantId(UUID.fromString("0191d6a0-0000-7000-8000-0000000002bb"));

    private TestDatabase db;
    private HikariDataSource appPool;
    private EntityManagerFactory emf;
    private UUID ofA;
    private UUID ofB;

    @BeforeAll
    void rolesMigrationsAndPool() throws Exception {
        db = TestDatabase.create(getClass().getSimpleName());
        try (Connection c = db.endpoint().connect()) {
            PostgresRoles.apply(c);
        }
        PGSimpleDataSource owner = new PGSimpleDataSource();
        owner.setUrl(db.endpoint().jdbcUrl());
        owner.setUser(PostgresRoles.OWNER);
        new MigrationRunner(owner, getClass().getClassLoader(), List.of("classpath:db/migration")).migrate();
        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl(db.endpoint().jdbcUrl());
        pool.setUsername(PostgresRoles.RUNTIME);
        pool.setMaximumPoolSize(2);
        appPool = new HikariDataSource(pool);
        emf = Persistence.createEntityManagerFactory("tenancy-test", Map.of(
                "jakarta.persistence.nonJtaDataSource", appPool,
                "eclipselink.session-event-listener", RowSecurityListener.class.getName(),
                "eclipselink.session.customizer", ExternalPooling.class.getName(),
                "eclipselink.session-name", "direct-writes-rls"));
    }

    @AfterAll
    void close() {
        if (emf != null) {
            emf.close();
        }
        if (appPool != null) {
            appPool.close();
        }
        db.close();
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
