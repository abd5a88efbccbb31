package dev.tenantry.tenancy;

import dev.tenantry.embedded.TestDatabase;
import dev.tenantry.embedded.Transactions;
import dev.tenantry.persistence.migration.MigrationRunner;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * A fresh PostgreSQL database per test class with Tenantry's and the test model's migrations, an
 * EclipseLink factory on it, and helpers to work as a tenant (or as none).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class TenantDatabaseTest {

    protected TestDatabase db;
    protected EntityManagerFactory emf;

    @BeforeAll
    void createDatabase() {
        db = TestDatabase.create(getClass().getSimpleName());
        DataSource ds = db.endpoint().dataSource();
        new MigrationRunner(ds, getClass().getClassLoader(), List.of("classpath:db/migration")).migrate();
        emf = Persistence.createEntityManagerFactory("tenancy-test", db.endpoint().jpaProperties());
    }

    @AfterAll
    void dropDatabase() {
        if (emf != null) {
            emf.close();
        }
        db.close();
    }

    /** Runs {@code work} in a transaction of an EntityManager for {@code tenant}; commits on success. */
    protected <R> R as(TenantId tenant, Function<EntityManager, R> work) {
        return Transactions.inTransaction(TenantEntityManagers.open(emf, tenant), work);
    }

    /** Like {@link #as}, for work without a result. */
    protected void run(TenantId tenant, Consumer<EntityManager> work) {
        as(tenant, em -> {
            work.accept(em);
            return null;
        });
    }

    /** Runs {@code work} in a transaction of an EntityManager with no tenant; commits on success. */
    protected <R> R tx(Function<EntityManager, R> work) {
        return Transactions.inTransaction(emf.createEntityManager(), work);
    }

    protected void sql(String statement) {
        db.execute(statement);
    }

    /** Each row of {@code query} as its columns joined by '|'. */
    protected List<String> rows(String query) {
        return db.rows(query);
    }

    /** @return whether the test database is on a Citus cluster (its tenant tables distributed) */
    protected boolean onCitus() {
        return rows("select tenantry_citus()").equals(List.of("t"));
    }
}
