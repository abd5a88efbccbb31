package dev.tenantry.audit;

import dev.tenantry.crypto.Encryption;
import dev.tenantry.crypto.KeyRing;
import dev.tenantry.embedded.TestDatabase;
import dev.tenantry.embedded.Transactions;
import dev.tenantry.persistence.BaseEntity;
import dev.tenantry.persistence.migration.MigrationRunner;
import dev.tenantry.persistence.repository.Repository;
import dev.tenantry.tenancy.OrganizationService;
import dev.tenantry.tenancy.TenantEntityManagers;
import dev.tenantry.tenancy.TenantId;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.function.BiConsumer;
import javax.sql.DataSource;

/**
 * An audited single-entity update (find, change two fields, commit: the UPDATE plus its Activity with
 * field diffs) against the same update of an unaudited twin entity on an identical table, same
 * PostgreSQL and process, interleaved rounds, medians of 9. Not a test: run with
 * {@code ./mvnw -q -pl audit-module -am -Paudit-benchmark -DskipTests verify}.
 */
public final class AuditBenchmark {

    private static final int ROWS = 1_000;
    private static final int ROUNDS = 9;
    private static final int WARMUP_ROUNDS = 3;
    private static final long ROUND_NANOS = 2_000_000_000L;

    private AuditBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        try (TestDatabase db = TestDatabase.create("audit-benchmark")) {
            DataSource ds = db.endpoint().dataSource();
            new MigrationRunner(ds, AuditBenchmark.class.getClassLoader(), List.of("classpath:db/migration")).migrate();
            Encryption.install(KeyRing.generated());
            EntityManagerFactory emf = Persistence.createEntityManagerFactory("audit-test", db.endpoint().jpaProperties());
            try {
                TenantId tenant = Transactions.inTransaction(emf.createEntityManager(),
                        em -> new OrganizationService(em).create("Bench", "bench", "alice").tenantId());
                List<UUID> audited = seed(emf, tenant, i -> new Invoice("A-" + i, i, "secret " + i, "note"));
                List<UUID> plain = seed(emf, tenant, i -> new PlainInvoice("P-" + i, i, "secret " + i, "note"));
                Random random = new Random(7);
                List<Double> withAudit = new ArrayList<>();
                List<Double> without = new ArrayList<>();
                for (int round = 0; round < WARMUP_ROUNDS + ROUNDS; round++) {   // warm-up first
                    double a = rate(() -> update(emf, tenant, Invoice.class, audited.get(random.nextInt(ROWS)), random,
                            (i, n) -> {
                                i.setAmountCents(n);
                                i.setNote("note " + n);
                            }));
                    double p = rate(() -> update(emf, tenant, PlainInvoice.class, plain.get(random.nextInt(ROWS)), random,
                            (i, n) -> {
                                i.setAmountCents(n);
                                i.setNote("note " + n);
                            }));
                    if (round >= WARMUP_ROUNDS) {
                        withAudit.add(a);
                        without.add(p);
                    }
                }
                double a = median(withAudit);
                double p = median(without);
                System.out.printf("%-28s %12s %12s %12s%n", "operation", "audited/s", "unaudited/s", "overhead");
                System.out.printf("%-28s %12.0f %12.0f %11.0f%%%n", "single-entity update", a, p, 100 * (p / a - 1));
            } finally {
                emf.close();
                Encryption.reset();
            }
        }
    }

    private interface Maker<T> {
        T make(int i);
    }

    private static <T extends BaseEntity> List<UUID> seed(EntityManagerFactory emf, TenantId tenant, Maker<T> maker) {
        return Transactions.inTransaction(TenantEntityManagers.open(emf, tenant), em -> {
            List<UUID> ids = new ArrayList<>();
            for (int i = 0; i < ROWS; i++) {
                T entity = maker.make(i);
                em.persist(entity);
                ids.add(entity.getId());
            }
            return ids;
        });
    }

    private static <T extends BaseEntity> void update(EntityManagerFactory emf, TenantId tenant, Class<T> type, UUID id,
                                                      Random random, BiConsumer<T, Integer> change) {
        Transactions.inTransaction(TenantEntityManagers.open(emf, tenant), em -> {
            change.accept(new Repository<>(type, em).get(id), random.nextInt(1_000_000));
            return null;
        });
    }

    private static double rate(Runnable op) {
        long n = 0;
        long start = System.nanoTime();
        long elapsed;
        do {
            op.run();
            n++;
            elapsed = System.nanoTime() - start;
        } while (elapsed < ROUND_NANOS);
        return n * 1e9 / elapsed;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}
