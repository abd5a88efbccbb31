package dev.tenantry.persistence;

import dev.tenantry.embedded.TestDatabase;
import dev.tenantry.embedded.Transactions;
import dev.tenantry.persistence.migration.MigrationRunner;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * A fresh PostgreSQL database per test class, migrated with the plugin's and the test model's
 * migrations, and an EclipseLink resource-local EntityManagerFactory on it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class DatabaseTest {

    protected TestDatabase database;
    protected DataSource dataSource;
    protected EntityManagerFactory emf;

    @BeforeAll
    void createDatabase() {
        database = TestDatabase.create(getClass().getSimpleName());
        dataSource = database.endpoint().dataSource();
        if (migrate()) {
            new MigrationRunner(dataSource, getClass().getClassLoader(), List.of("classpath:db/migration")).migrate();
        }
        emf = Persistence.createEntityManagerFactory("test", unitProperties());
    }

    /** @return the properties that point the {@code test} unit at this class's database */
    protected Map<String, Object> unitProperties() {
        return database.endpoint().jpaProperties();
    }

    @AfterAll
    void dropDatabase() {
        if (emf != null) {
            emf.close();
        }
        database.close();
    }

    /** @return whether to migrate before the tests (tests of migrations themselves say no) */
    protected boolean migrate() {
        return true;
    }

    /** Runs {@code work} in a new EntityManager and transaction, committing on success. */
    protected <R> R inTx(Function<EntityManager, R> work) {
        return Transactions.inTransaction(emf.createEntityManager(), work);
    }

    /** Runs {@code work} in a new EntityManager and transaction, committing on success. */
    protected void runTx(Consumer<EntityManager> work) {
        inTx(em -> {
            work.accept(em);
            return null;
        });
    }

    protected List<List<String>> rows(String sql) {
        return Jdbc.rows(dataSource, sql);
    }

    protected void sql(String statement) {
        Jdbc.execute(dataSource, statement);
    }
}
