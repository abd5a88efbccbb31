package dev.tenantry.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantry.embedded.TestDatabase;
import dev.tenantry.embedded.Transactions;
import dev.tenantry.persistence.paging.KeysetPage;
import dev.tenantry.persistence.paging.KeysetRequest;
import dev.tenantry.persistence.paging.PageRequest;
import dev.tenantry.persistence.repository.Repository;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * On a Citus cluster, every statement Tenantry generates for a tenant runs on that tenant's shard
 * only: the runtime pool's connections set {@code citus.multi_task_query_log_level = error}, which
 * makes Citus refuse any statement it would split into several tasks (one per shard), and the
 * isolation matrix's query paths then run as a tenant under row-level security — writes, reads,
 * paging, soft delete and restore, bulk JPQL, relationships, direct writes, memberships, roles and
 * plain JDBC through {@link RowSecurity}. A control shows the setting bites: the same pool's query
 * without the tenant is refused. Skipped without Citus (the build's {@code -Pcitus} runs it there).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SingleShardStatementsTest {

    private static final String MULTI_SHARD_REFUSED = "multi-task query about to be executed";

    private RowSecurityDatabase rls;
    private TestDatabase db;
    private EntityManagerFactory emf;
    private TenantId a;
    private TenantId b;

    @BeforeAll
    void onCitusOnly() {
        rls = new RowSecurityDatabase(getClass().getSimpleName(), 2,
                Map.of("options", "-c citus.multi_task_query_log_level=error"));
        db = rls.db;
        emf = rls.emf;
        Assumptions.assumeTrue(db.rows("select tenantry_citus()").equals(List.of("t")), "needs a Citus cluster (-Pcitus)");
        a = inPlainTransaction(em -> new OrganizationService(em).create("Acme", "acme-shards", "alice").tenantId());
        b = inPlainTransaction(em -> new OrganizationService(em).create("Globex", "globex-shards", "bob").tenantId());
    }

    @AfterAll
    void close() {
        rls.close();
    }

    @Test
    void theSettingRefusesAStatementThatSpansShards() throws SQLException {
        try (Connection c = rls.appPool.getConnection()) {
            // row-level security would still filter it, but it runs on every shard: refused
            try (PreparedStatement ps = RowSecurity.prepareStatement(c, a, "select count(*) from projects")) {
                assertThatThrownBy(ps::executeQuery).isInstanceOf(SQLException.class).hasMessageContaining(MULTI_SHARD_REFUSED);
            }
            try (PreparedStatement ps = RowSecurity.prepareStatement(c, a, "select count(*) from projects where organization_id = ?")) {
                ps.setObject(1, a.value());
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                }
            }
        }
    }

    @Test
    void everyEntityPathOfATenantIsSingleShard() {
        UUID project = as(a, em -> new Repository<>(Project.class, em).save(new Project("first")).getId());
        as(b, em -> new Repository<>(Project.class, em).save(new Project("first")).getId());
        as(a, em -> {
            Repository<Project> projects = new Repository<>(Project.class, em);
            for (int i = 0; i < 5; i++) {
                projects.save(new Project("more " + i));
            }
            em.persist(new Task("a task", projects.get(project)));
            return null;
        });
        List<String> seen = as(a, em -> {
            Repository<Project> projects = new Repository<>(Project.class, em);
            assertThat(projects.find(project)).isPresent();
            assertThat(projects.exists(project)).isTrue();
            assertThat(projects.count()).isEqualTo(6);
            assertThat(projects.page(PageRequest.of(1, 4)).items()).hasSize(2);
            KeysetPage<Project> first = projects.keyset(KeysetRequest.first(4));
            assertThat(projects.keyset(KeysetRequest.first(4).after(first.nextCursor().orElseThrow())).items()).hasSize(2);
            projects.get(project).setName("renamed");
            em.flush();
            assertThat(projects.get(project).getTasks()).hasSize(1);
            assertThat(em.createQuery("select t from Task t join t.project p where p.name = 'renamed'", Task.class)
                    .getResultList()).hasSize(1);
            assertThat(em.createQuery("update Project p set p.name = concat(p.name, '!') where p.name like 'more%'")
                    .executeUpdate()).isEqualTo(5);
            return em.createQuery("select p.name from Project p order by p.name", String.class).getResultList();
        });
        assertThat(seen).hasSize(6);
        UUID doomed = as(a, em -> {
            Repository<Project> projects = new Repository<>(Project.class, em);
            UUID id = projects.save(new Project("doomed")).getId();
            em.flush();
            projects.deleteById(id);
            return id;
        });
        as(a, em -> {
            Repository<Project> projects = new Repository<>(Project.class, em);
            assertThat(projects.includingDeleted().find(doomed)).isPresent();
            assertThat(projects.includingDeleted().count()).isEqualTo(7);
            assertThat(projects.includingDeleted().page(PageRequest.of(0, 10)).items()).hasSize(7);
            projects.restore(doomed);
            return null;
        });
        as(a, em -> {
            Repository<Project> projects = new Repository<>(Project.class, em);
            projects.direct().update(doomed, null, Map.of("name", "directly renamed"));
            projects.direct().delete(doomed, null);
            UUID inserted = projects.direct().insert(new Project("directly inserted")).getId();
            new Repository<>(Task.class, em).direct().insert(new Task("directly inserted", projects.get(inserted)));
            return null;
        });
        // the same direct writes outside a transaction (each statement then runs in one of its own)
        EntityManager em = TenantEntityManagers.open(emf, a);
        try {
            Repository<Project> projects = new Repository<>(Project.class, em);
            UUID id = projects.find(project).orElseThrow().getId();
            projects.direct().update(id, null, Map.of("name", "outside a transaction"));
            assertThat(projects.find(id).orElseThrow().getName()).isNotNull();
            UUID inserted = projects.direct().insert(new Project("inserted outside a transaction")).getId();
            assertThat(projects.find(inserted)).isPresent();
        } finally {
            em.close();
        }
        assertThat(db.rows("select count(*) from projects where organization_id = '" + b + "'")).containsExactly("1");
    }

    @Test
    void membershipsAndRolesOfATenantAreSingleShard() {
        inPlainTransaction(em -> {
            OrganizationService service = new OrganizationService(em);
            service.invite(a, "carol", Role.MEMBER, "alice");
            assertThat(service.roleOf(a, "carol")).contains(Role.MEMBER);
            assertThat(service.members(a, "alice")).extracting(Membership::getPrincipal).containsExactly("alice", "carol");
            service.changeRole(a, "carol", Role.ADMIN, "alice");
            service.remove(a, "carol", "alice");
            assertThat(service.membership("acme-shards", "alice").getRole()).isEqualTo(Role.OWNER);
            return null;
        });
    }

    private <R> R as(TenantId tenant, Function<EntityManager, R> work) {
        return Transactions.inTransaction(TenantEntityManagers.open(emf, tenant), work);
    }

    private <R> R inPlainTransaction(Function<EntityManager, R> work) {
        return Transactions.inTransaction(emf.createEntityManager(), work);
    }
}
