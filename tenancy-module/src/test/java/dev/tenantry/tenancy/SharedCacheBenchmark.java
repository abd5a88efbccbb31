package dev.tenantry.tenancy;

import dev.tenantry.embedded.TestDatabase;
import dev.tenantry.embedded.Transactions;
import dev.tenantry.persistence.PersistenceSettings;
import dev.tenantry.persistence.migration.MigrationRunner;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BiFunction;
import javax.sql.DataSource;

/**
 * What keeping Tenantry's entities out of EclipseLink's shared cache costs (the default, so that
 * several servers on one database never serve each other's changes stale; see
 * {@link PersistenceSettings#CACHE_SHARED}): the lookups a request makes before it touches tenant
 * data — its organization, and its caller's role there — with the default and with
 * {@code tenantry.cache.shared=true}, in one process on one database, {@value #ORGANIZATIONS}
 * organizations, the two setups taking turns at going first; medians. Tenant entities are not
 * affected (EclipseLink never shares their cache). Run with
 * {@code ./mvnw -q -pl tenancy-module -am -Ptenancy-benchmark -DskipTests verify}.
 */
public final class SharedCacheBenchmark {

    static final int ORGANIZATIONS = 200;
    private static final long WARMUP_NANOS = 3_000_000_000L;
    private static final long MEASURE_NANOS = 8_000_000_000L;

    private SharedCacheBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        try (TestDatabase db = TestDatabase.create("cache-benchmark")) {
            DataSource ds = db.endpoint().dataSource();
            new MigrationRunner(ds, SharedCacheBenchmark.class.getClassLoader(), List.of("classpath:db/migration")).migrate();
            EntityManagerFactory isolated = factory(db, "isolated");
            System.setProperty(PersistenceSettings.CACHE_SHARED, "true");
            EntityManagerFactory shared;
            try {
                shared = factory(db, "shared");
            } finally {
                System.clearProperty(PersistenceSettings.CACHE_SHARED);
            }
            try {
                List<TenantId> orgs = new ArrayList<>();
                for (int i = 0; i < ORGANIZATIONS; i++) {
                    int n = i;
                    orgs.add(Transactions.inTransaction(isolated.createEntityManager(),
                            em -> new OrganizationService(em).create("Org " + n, "org-" + n, "owner-" + n).tenantId()));
                }
                run(isolated, shared, orgs);
            } finally {
                isolated.close();
                shared.close();
            }
        }
    }

    private static EntityManagerFactory factory(TestDatabase db, String name) {
        return Persistence.createEntityManagerFactory("tenancy-test",
                db.endpoint().jpaProperties(Map.of("eclipselink.session-name", "cache-" + name)));
    }

    private static void run(EntityManagerFactory isolated, EntityManagerFactory shared, List<TenantId> orgs) {
        Random random = new Random(42);
        Map<String, BiFunction<EntityManager, Integer, Object>> lookups = new LinkedHashMap<>();
        lookups.put("organization by id", (em, i) -> em.find(Organization.class, orgs.get(i).value()).getName());
        lookups.put("caller's role (roleOf)", (em, i) -> new OrganizationService(em).roleOf(orgs.get(i), "owner-" + i)
                .orElseThrow());
        List<EntityManagerFactory> setups = List.of(isolated, shared);
        System.out.printf("%-30s %12s %12s %8s%n", "lookup (median µs)", "no shared", "shared", "ratio");
        for (Map.Entry<String, BiFunction<EntityManager, Integer, Object>> lookup : lookups.entrySet()) {
            long[][] nanos = Interleaved.measure(2, WARMUP_NANOS, MEASURE_NANOS, () -> {
                int i = random.nextInt(ORGANIZATIONS);
                return which -> {
                    EntityManager em = setups.get(which).createEntityManager();
                    try {
                        lookup.getValue().apply(em, i);
                    } finally {
                        em.close();
                    }
                };
            });
            double a = Interleaved.median(nanos[0]);
            double b = Interleaved.median(nanos[1]);
            System.out.printf("%-30s %12.1f %12.1f %7.2f×   (%d each)%n", lookup.getKey(), a / 1e3, b / 1e3, a / b, nanos[0].length);
        }
    }
}
