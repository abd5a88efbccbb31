package dev.tenantry.benchmark;

import com.zaxxer.hikari.HikariDataSource;
import dev.tenantry.embedded.TestDatabase;
import dev.tenantry.persistence.paging.Cursor;
import dev.tenantry.persistence.paging.KeysetPage;
import dev.tenantry.persistence.paging.KeysetRequest;
import dev.tenantry.persistence.paging.Order;
import dev.tenantry.persistence.paging.Page;
import dev.tenantry.persistence.paging.PageRequest;
import dev.tenantry.persistence.paging.Sort;
import dev.tenantry.persistence.repository.Repository;
import dev.tenantry.serverconfig.PostgresRoles;
import dev.tenantry.tenancy.TenantEntityManagers;
import dev.tenantry.tenancy.TenantId;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.postgresql.PGConnection;

/**
 * Tenant-scoped find by id, offset page of 20 with its total, and keyset page of 20, through Tenantry
 * with row-level security (the secure default, as {@code tenantry_app}), as the table grows from
 * 100 to 1,000 to 10,000 tenants of 1,000 rows (100k, 1M, 10M rows), loaded with {@code COPY}; then
 * one tenant of 1,000,000 rows beside them. Prints each operation's median and 99th-percentile latency
 * and its median as a ratio of its median at 100k rows (the target: within 1.2×), and for the large
 * tenant what an exact total costs against a keyset page, shallow and deep. Raw JDBC runs each
 * operation beside it (the same statements, without row-level security), so what grows with the
 * table can be told apart from what the plug-in adds. One thread, after warm-up; run with
 * {@code ./mvnw -q -pl benchmark -am -Pscale -DskipTests verify} (a few minutes, about 3 GB of disk).
 */
public final class ScaleBenchmark {

    static final int ROWS_PER_TENANT = 1_000;
    /** Tenants at each step; {@code -Dbenchmark.scale.tenants=100,1000} for a short run. */
    static final int[] TENANT_STEPS = java.util.Arrays.stream(System.getProperty("benchmark.scale.tenants", "100,1000,10000")
            .split(",")).mapToInt(Integer::parseInt).toArray();
    static final int LARGE_TENANT_ROWS = Integer.getInteger("benchmark.scale.large", 1_000_000);
    static final int SAMPLES = Integer.getInteger("benchmark.samples", 2_000);
    /** Whole measuring steps run and thrown away before the first (the baseline) is measured. */
    static final int WARMUP_STEPS = 5;
    private static final Instant BASE = Instant.parse("2026-01-01T00:00:00Z");
    private static final Sort NEWEST_FIRST = Sort.by(Order.desc("createdAt"), Order.desc("id"));

    private ScaleBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        try (TestDatabase db = TestDatabase.create("scale")) {
            SideBySideBenchmark.createSchema(db);
            System.out.printf("PostgreSQL shared_buffers: %s (the embedded server takes -D%s=...)%n",
                    db.rows("SHOW shared_buffers").get(0), dev.tenantry.embedded.PostgresServers.SHARED_BUFFERS_PROPERTY);
            try (HikariDataSource rlsPool = SideBySideBenchmark.pool(db, PostgresRoles.RUNTIME);
                 HikariDataSource jdbcPool = SideBySideBenchmark.pool(db, SideBySideBenchmark.BYPASS)) {
                EntityManagerFactory emf = SideBySideBenchmark.tenantry("tenantry", rlsPool, true);
                System.out.printf("%-12s %-22s %12s %12s %14s%n", "rows", "operation", "median µs", "p99 µs", "÷ at 100k");
                double[] baseline = null;
                int loaded = 0;
                for (int tenants : TENANT_STEPS) {
                    long start = System.nanoTime();
                    load(db, loaded, tenants, ROWS_PER_TENANT);
                    loaded = tenants;
                    System.out.printf("(loaded %,d rows in %.0f s)%n", (long) tenants * ROWS_PER_TENANT, (System.nanoTime() - start) / 1e9);
                    if (baseline == null) {
                        // warm-up: the JIT, the pools, the caches. One step was not enough on a 2-core VM: the
                        // plug-in's find still cost 25 µs more in the baseline than at the next step, which made
                        // every later ratio look better than it was
                        for (int i = 0; i < WARMUP_STEPS; i++) {
                            measureStep(emf, jdbcPool, tenants);
                        }
                    }
                    double[] medians = measureStep(emf, jdbcPool, tenants);
                    if (baseline == null) {
                        baseline = medians;
                    }
                    String[] names = {"find (Tenantry)", "find (JDBC)", "page + total (Tenantry)", "page + total (JDBC)",
                        "keyset page (Tenantry)", "keyset page (JDBC)"};
                    for (int i = 0; i < names.length; i++) {
                        System.out.printf("%-12s %-22s %12.0f %12.0f %14.2f%n", String.format("%,d", (long) tenants * ROWS_PER_TENANT),
                                names[i], medians[i * 2], medians[i * 2 + 1], medians[i * 2] / baseline[i * 2]);
                    }
                    // what Tenantry adds (EntityManager, tenant, row-level security), apart from PostgreSQL's own cost
                    String[] added = {"find: Tenantry - JDBC", "page: Tenantry - JDBC", "keyset: Tenantry - JDBC"};
                    for (int i = 0; i < added.length; i++) {
                        double now = medians[i * 4] - medians[i * 4 + 2];
                        System.out.printf("%-12s %-22s %12.0f %12s %14.2f%n", String.format("%,d", (long) tenants * ROWS_PER_TENANT),
                                added[i], now, "", now / (baseline[i * 4] - baseline[i * 4 + 2]));
                    }
                }
                long start = System.nanoTime();
                load(db, loaded, loaded + 1, LARGE_TENANT_ROWS);
                System.out.printf("%n(loaded one tenant of %,d rows in %.0f s)%n", LARGE_TENANT_ROWS, (System.nanoTime() - start) / 1e9);
                largeTenant(emf, tenant(loaded), LARGE_TENANT_ROWS);
                emf.close();
            }
        }
    }

    /**
     * @return median and p99 µs of: find, offset page of 20 with its total, keyset first page of 20;
     *         each through Tenantry (row-level security) and then through raw JDBC (no row-level security)
     */
    private static double[] measureStep(EntityManagerFactory emf, HikariDataSource jdbc, int tenants) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        Supplier<int[]> pick = () -> new int[] {random.nextInt(tenants), random.nextInt(ROWS_PER_TENANT)};
        List<double[]> results = new ArrayList<>();
        results.add(latencies(() -> {
            int[] p = pick.get();
            inTenant(emf, tenant(p[0]), em -> check(new Repository<>(Item.class, em).find(id(p[0], p[1])).isPresent()));
        }));
        Stores.Jdbc raw = new Stores.Jdbc(jdbc);
        results.add(latencies(() -> {
            int[] p = pick.get();
            check(raw.find(tenant(p[0]), id(p[0], p[1])) != null);
        }));
        results.add(latencies(() -> {
            int t = random.nextInt(tenants);
            inTenant(emf, tenant(t), em -> check(new Repository<>(Item.class, em).page(new PageRequest(0, 20, NEWEST_FIRST))
                    .total() == ROWS_PER_TENANT));
        }));
        results.add(latencies(() -> check(raw.page(tenant(random.nextInt(tenants))).total() == ROWS_PER_TENANT)));
        results.add(latencies(() -> {
            int t = random.nextInt(tenants);
            inTenant(emf, tenant(t), em -> check(new Repository<>(Item.class, em)
                    .keyset(new KeysetRequest(Order.desc("createdAt"), 20, null)).items().size() == 20));
        }));
        results.add(latencies(() -> check(raw.keysetFirstPage(tenant(random.nextInt(tenants))) == 21)));
        double[] out = new double[results.size() * 2];
        for (int i = 0; i < results.size(); i++) {
            out[i * 2] = results.get(i)[0];
            out[i * 2 + 1] = results.get(i)[1];
        }
        return out;
    }

    /** A tenant far larger than the others: what an exact total costs, and keyset pages shallow and deep. */
    private static void largeTenant(EntityManagerFactory emf, TenantId large, int rows) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String label = String.format("1 tenant %,d", rows);
        print(label, "find", latencies(() -> inTenant(emf, large, em -> check(new Repository<>(Item.class, em)
                .find(id(TENANT_STEPS[TENANT_STEPS.length - 1], random.nextInt(rows))).isPresent()))));
        print(label, "keyset page 1", latencies(() -> inTenant(emf, large, em -> check(new Repository<>(Item.class, em)
                .keyset(new KeysetRequest(Order.desc("createdAt"), 20, null)).items().size() == 20))));
        // a cursor 10,000 pages (200,000 rows) deep, walked once
        Cursor deep = inTenantGet(emf, large, em -> {
            Repository<Item> items = new Repository<>(Item.class, em);
            KeysetRequest request = new KeysetRequest(Order.desc("createdAt"), 20, null);
            Cursor cursor = null;
            for (int i = 0; i < 10_000; i++) {
                KeysetPage<Item> page = items.keyset(request.after(cursor));
                cursor = page.next();
                em.clear();   // a reader keeps no page it has passed
            }
            return cursor;
        });
        print(label, "keyset page 10,001", latencies(() -> inTenant(emf, large, em -> check(new Repository<>(Item.class, em)
                .keyset(new KeysetRequest(Order.desc("createdAt"), 20, deep)).items().size() == 20))));
        print(label, "page of 20 + total", latencies(50, () -> inTenant(emf, large, em -> check(new Repository<>(Item.class, em)
                .page(new PageRequest(0, 20, NEWEST_FIRST)).total() == rows))));
        int middle = rows / 40;   // an offset page halfway through the tenant
        print(label, String.format("page %,d (offset)", middle + 1), latencies(50, () -> inTenant(emf, large, em -> {
            Page<Item> page = new Repository<>(Item.class, em).page(new PageRequest(middle, 20, NEWEST_FIRST));
            check(page.items().size() == 20);
        })));
    }

    private static void print(String rows, String operation, double[] latency) {
        System.out.printf("%-22s %-22s %12.0f %12.0f%n", rows, operation, latency[0], latency[1]);
    }

    private static double[] latencies(Runnable op) {
        return latencies(SAMPLES, op);
    }

    /** @return median and 99th percentile in µs of {@code samples} runs, after as many of warm-up (new tenants, the JIT) */
    private static double[] latencies(int samples, Runnable op) {
        for (int i = 0; i < samples; i++) {
            op.run();
        }
        long[] nanos = new long[samples];
        for (int i = 0; i < samples; i++) {
            long start = System.nanoTime();
            op.run();
            nanos[i] = System.nanoTime() - start;
        }
        java.util.Arrays.sort(nanos);
        return new double[] {nanos[samples / 2] / 1e3, nanos[Math.min(samples - 1, samples * 99 / 100)] / 1e3};
    }

    private static void check(boolean answer) {
        if (!answer) {
            throw new IllegalStateException("a wrong answer: the benchmark measures nothing that is wrong");
        }
    }

    private static void inTenant(EntityManagerFactory emf, TenantId t, java.util.function.Consumer<EntityManager> work) {
        inTenantGet(emf, t, em -> {
            work.accept(em);
            return null;
        });
    }

    private static <R> R inTenantGet(EntityManagerFactory emf, TenantId t, java.util.function.Function<EntityManager, R> work) {
        EntityManager em = TenantEntityManagers.open(emf, t);
        try {
            return work.apply(em);
        } finally {
            em.close();
        }
    }

    static TenantId tenant(int t) {
        return new TenantId(new UUID(0x0190_0000_0000_7000L | ((long) t << 16), 0x8000_0000_0000_0000L));
    }

    static UUID id(int t, int row) {
        return new UUID(0x0191_0000_0000_7000L | ((long) t << 16), 0x8000_0000_0000_0000L | row);
    }

    /** Tenants {@code from} (inclusive) to {@code to} (exclusive), {@code rows} each, with COPY; then VACUUM ANALYZE, CHECKPOINT. */
    private static void load(TestDatabase db, int from, int to, int rows) throws Exception {
        try (Connection c = db.endpoint().connect()) {
            var copy = c.unwrap(PGConnection.class).getCopyAPI();
            StringBuilder orgs = new StringBuilder();
            for (int t = from; t < to; t++) {
                orgs.append(tenant(t).value()).append(',').append(BASE).append(',').append(BASE).append(",1,,Org ").append(t)
                        .append(",scale-org-").append(t).append('\n');
            }
            copy.copyIn("COPY organizations FROM STDIN (FORMAT csv)", new ByteArrayInputStream(orgs.toString()
                    .getBytes(StandardCharsets.UTF_8)));
            StringBuilder chunk = new StringBuilder();
            int inChunk = 0;
            for (int t = from; t < to; t++) {
                String tenant = tenant(t).value().toString();
                for (int r = 0; r < rows; r++) {
                    Instant created = BASE.plusMillis(r);
                    chunk.append(tenant).append(',').append(id(t, r)).append(',').append(created).append(',').append(created)
                            .append(",1,,item ").append(t).append('/').append(r).append(',').append(r).append('\n');
                    if (++inChunk == 50_000) {
                        copy.copyIn("COPY bench_items FROM STDIN (FORMAT csv)", new ByteArrayInputStream(chunk.toString()
                                .getBytes(StandardCharsets.UTF_8)));
                        chunk.setLength(0);
                        inChunk = 0;
                    }
                }
            }
            if (inChunk > 0) {
                copy.copyIn("COPY bench_items FROM STDIN (FORMAT csv)", new ByteArrayInputStream(chunk.toString()
                        .getBytes(StandardCharsets.UTF_8)));
            }
            try (Statement s = c.createStatement()) {
                s.execute("VACUUM ANALYZE bench_items");
                s.execute("VACUUM ANALYZE organizations");
                s.execute("CHECKPOINT");   // the load's dirty pages written now, not while latencies are measured
            }
            prewarm(c);
        }
    }

    /**
     * Reads the table and its indexes into shared buffers, as a server that has been serving them
     * would hold them: COPY writes through a small ring of buffers, so without this every find at 10M
     * rows would start from the operating system's cache (raw JDBC's find then takes 5–10× its time
     * at 100k rows, Tenantry's alike).
     */
    private static void prewarm(Connection c) {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE EXTENSION IF NOT EXISTS pg_prewarm");
            s.execute("SELECT pg_prewarm(c.oid) FROM pg_class c WHERE c.relname IN ('bench_items', 'bench_items_pkey',"
                    + " 'bench_items_newest', 'organizations', 'organizations_pkey')");
        } catch (java.sql.SQLException e) {
            System.out.println("(pg_prewarm is not available here: buffers start cold after each load)");
        }
    }
}
