package dev.tenantry.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantry.embedded.Transactions;
import dev.tenantry.persistence.repository.Repository;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * EclipseLink's statement cache ({@code eclipselink.jdbc.cache-statements}) under row-level security,
 * on a pool of one connection, as tenants A and B take turns: every read and write, in transactions
 * and in autocommit, carries the tenant of its own EntityManager. (EclipseLink drops its cached
 * statements when the unit of work hands the connection back to the pool, so a statement is reused
 * within one EntityManager, in one scope.)
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CachedStatementsUnderRowSecurityTest {

    private static final TenantId A = new TenantId(UUID.fromString("0191d6a0-0000-7000-8000-0000000004aa"));
    private static final TenantId B = new TenantId(UUID.fromString("0191d6a0-0000-7000-8000-0000000004bb"));

    private RowSecurityDatabase rls;
    private EntityManagerFactory cached;

    @BeforeAll
    void onePooledConnection() {
        rls = new RowSecurityDatabase(getClass().getSimpleName(), 1);
        cached = Persistence.createEntityManagerFactory("tenancy-test", Map.of(
                "jakarta.persistence.nonJtaDataSource", rls.appPool,
                "eclipselink.session-event-listener", RowSecurityListener.class.getName(),
                "eclipselink.session.customizer", ExternalPooling.class.getName(),
                "eclipselink.jdbc.cache-statements", "true",
                "eclipselink.session-name", "cached-statements"));
    }

    @AfterAll
    void close() {
        cached.close();
        rls.close();
    }

    @Test
    void everyExecutionOfACachedStatementCarriesItsOwnEntityManagersTenant() {
        for (int round = 0; round < 3; round++) {
            for (TenantId tenant : List.of(A, B)) {
                String name = "p" + round + " of " + tenant.value().toString().substring(32);
                UUID id = as(tenant, em -> new Repository<>(Project.class, em).save(new Project(name)).getId());
                assertThat(this.<String>as(tenant, em -> new Repository<>(Project.class, em).get(id).getName())).isEqualTo(name);
                EntityManager outside = TenantEntityManagers.open(cached, tenant);
                try {
                    assertThat(new Repository<>(Project.class, outside).count()).as("autocommit").isEqualTo(round + 1);
                } finally {
                    outside.close();
                }
                assertThat(this.<List<String>>as(tenant, em -> em.createQuery("select p.name from Project p order by p.name", String.class)
                        .getResultList())).hasSize(round + 1).allMatch(n -> n.endsWith(tenant.value().toString().substring(32)));
            }
        }
        assertThat(rls.db.rows("select count(*) from projects")).containsExactly("6");
    }

    private <R> R as(TenantId tenant, Function<EntityManager, R> work) {
        return Transactions.inTransaction(TenantEntityManagers.open(cached, tenant), work);
    }
}
