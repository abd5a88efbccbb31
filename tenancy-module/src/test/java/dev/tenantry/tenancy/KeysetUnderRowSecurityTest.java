package dev.tenantry.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.tenantry.embedded.TestDatabase;
import dev.tenantry.persistence.migration.MigrationRunner;
import dev.tenantry.persistence.paging.Cursor;
import dev.tenantry.persistence.paging.KeysetPage;
import dev.tenantry.persistence.paging.KeysetRequest;
import dev.tenantry.persistence.paging.Order;
import dev.tenantry.persistence.repository.Repository;
import dev.tenantry.serverconfig.PostgresRoles;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.postgresql.ds.PGSimpleDataSource;

/** Keyset pages by a timestamp, walked again and again as tenantry_app under row-level security. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeysetUnderRowSecurityTest {

    private static final TenantId A = new TenantId(UUID.fromString("0191d6a0-0000-7000-8000-0000000003aa"));
    private static final int ROWS = 230;

    private TestDatabase db;
    private HikariDataSource appPool;
    private EntityManagerFactory emf;

    @BeforeAll
    void rows() throws Exception {
        db = TestDatabase.create(getClass().getSimpleName());
        try (Connection c = db.endpoint().connect()) {
            PostgresRoles.apply(c);
        }
        PGSimpleDataSource owner = new PGSimpleDataSource();
        owner.setUrl(db.endpoint().jdbcUrl());
        owner.setUser(PostgresRoles.OWNER);
        new MigrationRunner(owner, getClass().getClassLoader(), List.of("classpath:db/migration")).migrate();
        db.execute("INSERT INTO projects SELECT '" + A + "', gen_random_uuid(), TIMESTAMPTZ '2026-01-01 00:00:00+00'"
                + " + n * INTERVAL '1 millisecond', now(), 1, NULL, 'p' || n FROM generate_series(1, " + ROWS + ") n");
        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl(db.endpoint().jdbcUrl());
        pool.setUsername(PostgresRoles.RUNTIME);
        pool.setMaximumPoolSize(2);
        appPool = new HikariDataSource(pool);
        emf = Persistence.createEntityManagerFactory("tenancy-test", Map.of(
                "jakarta.persistence.nonJtaDataSource", appPool,
                "eclipselink.session-event-listener", RowSecurityListener.class.getName(),
                "eclipselink.session.customizer", ExternalPooling.class.getName(),
                "eclipselink.session-name", "keyset-rls"));
    }

    @AfterAll
    void close() {
        emf.close();
        appPool.close();
        db.close();
    }

    @Test
    void byName() {
        walks(Order.asc("name"), db.rows("select name from projects order by name, id"));
    }

    @Test
    void byId() {
        walks(Order.desc("id"), db.rows("select name from projects order by id desc"));
    }

    @Test
    void everyWalkSeesEveryRowOnceNewestFirst() {
        walks(Order.desc("createdAt"), db.rows("select name from projects order by created_at desc, id desc"));
    }

    private void walks(Order order, List<String> expected) {
        for (int walk = 0; walk < 12; walk++) {
            List<String> seen = new ArrayList<>();
            Cursor cursor = null;
            do {
                EntityManager em = TenantEntityManagers.open(emf, A);
                try {
                    KeysetPage<Project> page = new Repository<>(Project.class, em)
                            .keyset(new KeysetRequest(order, 20, cursor));
                    page.items().forEach(p -> seen.add(p.getName()));
                    cursor = page.next();
                } finally {
                    em.close();
                }
            } while (cursor != null);
            assertThat(seen).as("walk %d", walk).containsExactlyElementsOf(expected);
        }
    }
}
