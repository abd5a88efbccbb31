package dev.tenantry.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantry.embedded.TestDatabase;
import dev.tenantry.persistence.paging.Cursor;
import dev.tenantry.persistence.paging.KeysetPage;
import dev.tenantry.persistence.paging.KeysetRequest;
import dev.tenantry.persistence.paging.Order;
import dev.tenantry.persistence.repository.Repository;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Keyset pages by a timestamp, walked again and again as tenantry_app under row-level security. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeysetUnderRowSecurityTest {

    private static final TenantId A = new TenantId(UUID.fromString("0191d6a0-0000-7000-8000-0000000003aa"));
    private static final int ROWS = 230;

    private RowSecurityDatabase rls;
    private TestDatabase db;
    private EntityManagerFactory emf;

    @BeforeAll
    void rows() {
        rls = new RowSecurityDatabase(getClass().getSimpleName(), 2);
        db = rls.db;
        emf = rls.emf;
        db.execute("INSERT INTO projects SELECT '" + A + "', gen_random_uuid(), TIMESTAMPTZ '2026-01-01 00:00:00+00'"
                + " + n * INTERVAL '1 millisecond', now(), 1, NULL, 'p' || n FROM generate_series(1, " + ROWS + ") n");
    }

    @AfterAll
    void close() {
        rls.close();
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
