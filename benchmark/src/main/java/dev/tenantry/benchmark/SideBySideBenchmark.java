package dev.tenantry.benchmark;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.tenantry.benchmark.Stores.PageResult;
import dev.tenantry.benchmark.Stores.Store;
import dev.tenantry.embedded.TestDatabase;
import dev.tenantry.persistence.Uuids;
import dev.tenantry.persistence.migration.MigrationRunner;
import dev.tenantry.serverconfig.PostgresRoles;
import dev.tenantry.tenancy.RowSecurityListener;
import dev.tenantry.tenancy.TenantId;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.eclipse.persistence.config.SessionCustomizer;
import org.eclipse.persistence.sessions.DatasourceLogin;
import org.eclipse.persistence.sessions.Session;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.Configuration;

/**
 * Tenant-scoped insert, find, page of 20 with its total, update, soft delete and a mix, through raw
 * JDBC, Hibernate 7 ({@code @TenantId} + {@code @SoftDelete}) and Tenantry four ways (plain;
 * row-level security on; audited; both), on one PostgreSQL in one process, 1,000 tenants × 100 rows,
 * on 1 and 2 threads. Before anything is timed, every store must give the same answers (the same row
 * found, the same page in the same order, the same total, nothing across tenants), so a faster
 * wrong answer cannot win. Rounds interleave the stores, rotating who goes first; each prints the
 * median ops/s and, per ratio, the min–max over the measured rounds.
 *
 * <p>Two more raw-JDBC stores measure, in the same run, what row-level security and an audit row cost
 * without any ORM: {@code jdbc+rls} sends the tenant's setting in front of each statement in the same
 * round trip as Tenantry does, {@code jdbc+audit} writes an activity row in the same statement as each
 * write. Their ratios to plain JDBC are the floor Tenantry's {@code rls/plain} and {@code audit/plain}
 * are read against.
 *
 * <p>Two Tenantry stores take the single-statement path of {@code Repository.direct()} for insert,
 * update and soft delete (plain: {@code t-direct}; row-level security and audit: {@code t+all-direct}),
 * each in autocommit, one round trip; they run those operations and the mix only.
 *
 * <p>Roles: the stores without row-level security connect as a role with {@code tenantry_app}'s
 * privileges and {@code BYPASSRLS} (so the policies cost nothing there), the ones with it as
 * {@code tenantry_app} with {@link RowSecurityListener}. Each store has its own HikariCP pool of 4.
 * Run with {@code ./mvnw -q -pl benchmark -am -Pside-by-side -DskipTests verify}.
 */
public final class SideBySideBenchmark {

    static final int TENANTS = 1_000;
    static final int ROWS = 100;
    static final int WARMUP_ROUNDS = 2;
    static final int ROUNDS = 4;
    static final long ROUND_NANOS = Long.getLong("benchmark.round-millis", 300) * 1_000_000L;
    /** Paired slices per ratio in {@link #pairedOverheads}, and how long each side of a slice runs. */
    static final int PAIRED_SLICES = Integer.getInteger("benchmark.paired-slices", 20);
    static final long SLICE_NANOS = Long.getLong("benchmark.slice-millis", 50) * 1_000_000L;
    static final String BYPASS = "tenantry_benchmark_bypass";
    /** All by default; {@code -Dbenchmark.operations=update,soft-delete} runs some (the check of equal answers runs always). */
    private static final String[] OPERATIONS = System.getProperty("benchmark.operations",
            "insert,find,page,update,soft-delete,mixed").split(",");
    private static final java.util.Set<String> DIRECT_OPERATIONS = java.util.Set.of("insert", "update", "soft-delete", "mixed");
    /** Operations that write nothing: an audit row changes nothing about them. */
    private static final java.util.Set<String> READ_OPERATIONS = java.util.Set.of("find", "page");

    private SideBySideBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        try (TestDatabase db = TestDatabase.create("side_by_side")) {
            createSchema(db);
            List<TenantId> tenants = new ArrayList<>();
            Map<TenantId, List<UUID>> rows = load(db, tenants);

            try (HikariDataSource jdbcPool = pool(db, BYPASS); HikariDataSource hibernatePool = pool(db, BYPASS);
                 HikariDataSource plainPool = pool(db, BYPASS); HikariDataSource auditPool = pool(db, BYPASS);
                 HikariDataSource rlsPool = pool(db, PostgresRoles.RUNTIME);
                 HikariDataSource allPool = pool(db, PostgresRoles.RUNTIME);
                 HikariDataSource jdbcRlsPool = pool(db, PostgresRoles.RUNTIME);
                 HikariDataSource jdbcAuditPool = pool(db, BYPASS)) {
                SessionFactory hibernate = hibernate(hibernatePool);
                EntityManagerFactory plain = tenantry("tenantry", plainPool, false);
                EntityManagerFactory audited = tenantry("tenantry-audited", auditPool, false);
                EntityManagerFactory rls = tenantry("tenantry", rlsPool, true);
                EntityManagerFactory all = tenantry("tenantry-audited", allPool, true);
                List<Store> stores = chosen(new Stores.Jdbc(jdbcPool), new Stores.Hibernate(hibernate),
                        new Stores.Jdbc("jdbc+rls", jdbcRlsPool, true, false),
                        new Stores.Jdbc("jdbc+audit", jdbcAuditPool, false, true),
                        new Stores.Tenantry("tenantry", plain, Item.class, Item::new, false),
                        new Stores.Tenantry("t+rls", rls, Item.class, Item::new, false),
                        new Stores.Tenantry("t+audit", audited, AuditedItem.class, AuditedItem::new, false),
                        new Stores.Tenantry("t+rls+audit", all, AuditedItem.class, AuditedItem::new, false),
                        new Stores.Tenantry("t-direct", plain, Item.class, Item::new, true),
                        new Stores.Tenantry("t+all-direct", all, AuditedItem.class, AuditedItem::new, true));
                checkSameAnswers(stores, tenants, rows);
                System.out.printf("Same answers from all %d stores (finds, pages, totals, nothing across tenants).%n%n",
                        stores.size());
                Map<String, ConcurrentLinkedQueue<Object[]>> inserted = new HashMap<>();
                stores.forEach(s -> inserted.put(s.name(), new ConcurrentLinkedQueue<>()));
                run(stores, tenants, rows, inserted);
                pairedOverheads(stores, tenants, rows, inserted);
                stores.stream().filter(s -> s.name().equals("t+rls+audit")).findFirst()
                        .ifPresent(SideBySideBenchmark::heapAfterManyTenants);
                hibernate.close();
                for (EntityManagerFactory emf : List.of(plain, audited, rls, all)) {
                    emf.close();
                }
            }
        }
    }

    /**
     * @return the stores {@code -Dbenchmark.stores} names (comma-separated; all when unset), raw JDBC
     *         always (it loads the rows to delete): for profiling one store, e.g. with JFR
     */
    private static List<Store> chosen(Store... all) {
        String names = System.getProperty("benchmark.stores", "");
        java.util.Set<String> wanted = java.util.Set.of(names.split(","));
        return java.util.Arrays.stream(all).filter(s -> names.isBlank() || s.name().equals("jdbc") || wanted.contains(s.name()))
                .toList();
    }

    /**
     * Tenantry's roles and migrations, the benchmark's table {@code bench_items} (a tenant table with
     * row-level security, its newest-first index) and a role that bypasses row-level security.
     */
    static void createSchema(TestDatabase db) throws Exception {
        try (Connection c = db.endpoint().connect(); Statement s = c.createStatement()) {
            PostgresRoles.apply(c);
            s.execute("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '" + BYPASS + "')"
                    + " THEN CREATE ROLE " + BYPASS + " LOGIN BYPASSRLS; END IF; END $$");
            s.execute("GRANT tenantry_app TO " + BYPASS);
        }
        DataSource owner = db.endpoint().withUser(PostgresRoles.OWNER, "").dataSource();
        new MigrationRunner(owner, SideBySideBenchmark.class.getClassLoader(), List.of()).migrate();
        try (Connection c = owner.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE bench_items (organization_id uuid NOT NULL REFERENCES organizations (id),"
                    + " id uuid NOT NULL, created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL,"
                    + " version bigint NOT NULL, deleted_at timestamptz, title text NOT NULL, amount bigint NOT NULL,"
                    + " PRIMARY KEY (organization_id, id))");
            // the pages' index, unrestricted as the README advises: with "WHERE deleted_at IS NULL" Tenantry's
            // soft-delete filter (a bound parameter) leaves PostgreSQL no generic plan that uses it, so every
            // page is planned again; the literal filters of raw JDBC and Hibernate use it either way
            s.execute("CREATE INDEX bench_items_newest ON bench_items (organization_id, created_at DESC, id DESC)");
            s.execute("SELECT tenantry_enable_row_security('bench_items')");
        }
    }

    private static Map<TenantId, List<UUID>> load(TestDatabase db, List<TenantId> tenants) throws Exception {
        Map<TenantId, List<UUID>> rows = new LinkedHashMap<>();
        try (Connection c = db.endpoint().connect()) {
            c.setAutoCommit(false);
            try (PreparedStatement org = c.prepareStatement("INSERT INTO organizations VALUES (?, now(), now(), 1, NULL,"
                    + " ?, ?)"); PreparedStatement item = c.prepareStatement("INSERT INTO bench_items VALUES (?, ?,"
                    + " now() - make_interval(secs => ?), now(), 1, NULL, ?, ?)")) {
                for (int t = 0; t < TENANTS; t++) {
                    TenantId tenant = new TenantId(Uuids.timeOrdered());
                    tenants.add(tenant);
                    org.setObject(1, tenant.value());
                    org.setString(2, "Org " + t);
                    org.setString(3, "org-" + t);
                    org.addBatch();
                    List<UUID> ids = new ArrayList<>();
                    for (int r = 0; r < ROWS; r++) {
                        UUID id = Uuids.timeOrdered();
                        ids.add(id);
                        item.setObject(1, tenant.value());
                        item.setObject(2, id);
                        item.setInt(3, ROWS - r);
                        item.setString(4, "item " + t + "/" + r);
                        item.setLong(5, r);
                        item.addBatch();
                    }
                    rows.put(tenant, ids);
                    if (t % 50 == 49) {
                        org.executeBatch();
                        item.executeBatch();
                    }
                }
                org.executeBatch();
                item.executeBatch();
            }
            c.commit();
            try (Statement s = c.createStatement()) {
                c.setAutoCommit(true);
                s.execute("VACUUM ANALYZE bench_items");
                s.execute("VACUUM ANALYZE organizations");
            }
        }
        return rows;
    }

    /**
     * Serves 10,000 tenants never seen before (a find each, through Tenantry with row-level security and
     * audit), twice, and prints the heap in use after a full GC before and after each: per-tenant state
     * (EntityManagers, caches, prepared templates) must not pile up.
     */
    private static void heapAfterManyTenants(Store store) {
        long[] used = new long[3];
        used[0] = usedHeap();
        for (int batch = 1; batch <= 2; batch++) {
            for (int i = 0; i < 10_000; i++) {
                store.find(new TenantId(Uuids.timeOrdered()), Uuids.timeOrdered());
            }
            used[batch] = usedHeap();
        }
        System.out.printf("%nHeap in use after a full GC (%s): %.1f MiB before, %.1f MiB after 10,000 new tenants,"
                + " %.1f MiB after 10,000 more (%+.1f MiB for the second 10,000)%n", store.name(), used[0] / 1048576.0,
                used[1] / 1048576.0, used[2] / 1048576.0, (used[2] - used[1]) / 1048576.0);
    }

    private static long usedHeap() {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }

    /** Every store must find the same rows and pages before any is timed. */
    private static void checkSameAnswers(List<Store> stores, List<TenantId> tenants, Map<TenantId, List<UUID>> rows) {
        for (int i = 0; i < 40; i++) {
            TenantId t = tenants.get(i * (TENANTS / 40));
            TenantId other = tenants.get((i * (TENANTS / 40) + 1) % TENANTS);
            UUID id = rows.get(t).get(i % ROWS);
            String title = null;
            PageResult page = null;
            for (Store s : stores) {
                String found = s.find(t, id);
                PageResult p = s.page(t);
                if (found == null || (title != null && !title.equals(found))) {
                    throw new IllegalStateException(s.name() + " found '" + found + "', others '" + title + "'");
                }
                if (page != null && !page.equals(p)) {
                    throw new IllegalStateException(s.name() + " paged " + p + ", others " + page);
                }
                if (p.ids().size() != 20 || p.total() != ROWS) {
                    throw new IllegalStateException(s.name() + " paged " + p.ids().size() + " of " + p.total());
                }
                if (s.find(other, id) != null) {
                    throw new IllegalStateException(s.name() + " found a row of another tenant");
                }
                title = found;
                page = p;
            }
        }
        // writes: each store's insert, update and soft delete are visible alike to all the others
        for (Store writer : stores) {
            TenantId t = tenants.get(ThreadLocalRandom.current().nextInt(TENANTS));
            UUID id = writer.insert(t, "written by " + writer.name());
            writer.update(t, id, "updated by " + writer.name());
            for (Store reader : stores) {
                if (!Objects.equals(reader.find(t, id), "updated by " + writer.name())) {
                    throw new IllegalStateException(reader.name() + " does not see what " + writer.name() + " wrote");
                }
            }
            writer.softDelete(t, id);
            for (Store reader : stores) {
                if (reader.find(t, id) != null) {
                    throw new IllegalStateException(reader.name() + " still finds what " + writer.name() + " deleted");
                }
            }
        }
    }

    private static void run(List<Store> stores, List<TenantId> tenants, Map<TenantId, List<UUID>> rows,
                            Map<String, ConcurrentLinkedQueue<Object[]>> inserted) throws InterruptedException {
        System.out.printf("%-11s %3s %s%n", "operation", "thr", String.join(" ", stores.stream()
                .map(s -> String.format("%12s", s.name() + "/s")).toList())
                + "   tenantry/jdbc  tenantry/hib   rls/plain   jdbc rls/plain  audit/plain  jdbc audit/plain  audit/rls"
                + "    all/hib"
                + "   direct/jdbc  all-direct/jdbc  all-direct/hib");
        StringBuilder cpuTable = new StringBuilder(String.format("%nClient CPU per operation (µs, median; the rest of a"
                + " round trip is the database's and the wire's)%n%-11s %3s %s%n", "operation", "thr", String.join(" ",
                stores.stream().map(s -> String.format("%12s", s.name())).toList())));
        for (String op : OPERATIONS) {
            for (int threads : new int[] {1, 2}) {
                Map<String, List<Double>> rates = new LinkedHashMap<>();
                Map<String, List<Double>> cpu = new LinkedHashMap<>();
                stores.forEach(s -> rates.put(s.name(), new ArrayList<>()));
                stores.forEach(s -> cpu.put(s.name(), new ArrayList<>()));
                if (op.equals("soft-delete")) {
                    inserted.values().forEach(ConcurrentLinkedQueue::clear);   // the insert rows stay live
                }
                for (int round = 0; round < WARMUP_ROUNDS + ROUNDS; round++) {
                    if (op.equals("soft-delete")) {
                        rowsToDelete(jdbc(stores), stores, threads, tenants, inserted);
                    }
                    for (int k = 0; k < stores.size(); k++) {
                        Store s = stores.get((k + round) % stores.size());
                        if (!measured(s, op)) {
                            continue;
                        }
                        double[] measured = measure(s, op, threads, ROUND_NANOS, tenants, rows, inserted.get(s.name()));
                        if (round >= WARMUP_ROUNDS) {
                            rates.get(s.name()).add(measured[0]);
                            cpu.get(s.name()).add(measured[1]);
                        }
                    }
                }
                StringBuilder line = new StringBuilder(String.format("%-11s %3d", op, threads));
                for (Store s : stores) {
                    line.append(measured(s, op) ? String.format(" %12.0f", median(rates.get(s.name()))) : String.format(" %12s", "-"));
                }
                line.append("   ").append(ratio(rates, "tenantry", "jdbc")).append("  ").append(ratio(rates, "tenantry", "hibernate"))
                        .append("  ").append(ratio(rates, "t+rls", "tenantry")).append("  ").append(ratio(rates, "jdbc+rls", "jdbc"))
                        .append("  ").append(ratio(rates, "t+audit", "tenantry"))
                        .append("  ").append(READ_OPERATIONS.contains(op) ? String.format("%16s", "-") : ratio(rates, "jdbc+audit", "jdbc"))
                        .append("  ").append(ratio(rates, "t+rls+audit", "t+rls"))
                        .append("  ").append(ratio(rates, "t+rls+audit", "hibernate"));
                if (DIRECT_OPERATIONS.contains(op)) {
                    line.append("  ").append(ratio(rates, "t-direct", "jdbc")).append("  ").append(ratio(rates, "t+all-direct", "jdbc"))
                            .append("  ").append(ratio(rates, "t+all-direct", "hibernate"));
                }
                System.out.println(line);
                cpuTable.append(String.format("%-11s %3d", op, threads));
                for (Store s : stores) {
                    cpuTable.append(measured(s, op) ? String.format(" %12.1f", median(cpu.get(s.name()))) : String.format(" %12s", "-"));
                }
                cpuTable.append(System.lineSeparator());
            }
        }
        System.out.print(cpuTable);
    }

    /**
     * A ratio measured in {@link #pairedOverheads}: {@code measured}'s rate over {@code baseline}'s, for
     * the operations in {@code operations}.
     */
    private record Overhead(String label, String measured, String baseline, java.util.Set<String> operations) {
    }

    /**
     * The ratios the targets name (Tenantry against Hibernate, row-level security, audit), measured more
     * finely than the rounds above allow: on this 2-core machine a round's rate drifts by tens of percent,
     * so a median of four rounds cannot tell 0.90 from 1.00. Here each ratio comes from
     * {@code benchmark.paired-slices} (20) slices in which its two stores run back to back ({@code benchmark.slice-millis} each, who goes first
     * alternating), one ratio per slice; printed is the median with a 95% confidence interval for it
     * (order statistics, no assumption about the distribution). {@code A/A} runs plain Tenantry
     * against itself: its interval is what this machine can resolve.
     */
    private static void pairedOverheads(List<Store> stores, List<TenantId> tenants, Map<TenantId, List<UUID>> rows,
                                        Map<String, ConcurrentLinkedQueue<Object[]>> inserted) throws InterruptedException {
        java.util.Set<String> all = java.util.Set.of(OPERATIONS);
        java.util.Set<String> writes = java.util.Arrays.stream(OPERATIONS).filter(op -> !READ_OPERATIONS.contains(op))
                .collect(java.util.stream.Collectors.toSet());
        List<Overhead> overheads = List.of(new Overhead("A/A", "tenantry", "tenantry", all),
                new Overhead("tenantry/hib", "tenantry", "hibernate", all),
                new Overhead("rls/plain", "t+rls", "tenantry", all),
                new Overhead("jdbc rls/plain", "jdbc+rls", "jdbc", all),
                new Overhead("audit/plain", "t+audit", "tenantry", writes),
                new Overhead("jdbc audit/plain", "jdbc+audit", "jdbc", writes),
                new Overhead("audit/rls", "t+rls+audit", "t+rls", writes),
                new Overhead("direct/jdbc", "t-direct", "jdbc", java.util.Set.of("insert", "update", "soft-delete")),
                new Overhead("direct/hib", "t-direct", "hibernate", java.util.Set.of("insert", "update", "soft-delete")));
        Map<String, Store> byName = new LinkedHashMap<>();
        stores.forEach(s -> byName.put(s.name(), s));
        System.out.printf("%nOverheads, paired: median of %d slice ratios [95%% confidence interval of the median];"
                + " targets: tenantry/hib >= 1.00, rls/plain >= 0.90, audit/plain >= 0.85, direct/jdbc >= 0.80, direct/hib >= 1.00%n%-11s %3s",
                PAIRED_SLICES, "operation", "thr");
        overheads.forEach(o -> System.out.printf("  %-20s", o.label()));
        System.out.println();
        for (String op : OPERATIONS) {
            for (int threads : new int[] {1, 2}) {
                StringBuilder line = new StringBuilder(String.format("%-11s %3d", op, threads));
                if (op.equals("soft-delete")) {
                    // as in the rounds: each store deletes rows inserted together for the purpose, never the rows
                    // its own insert slices left behind (of an age and a state that differ from store to store)
                    inserted.values().forEach(ConcurrentLinkedQueue::clear);
                }
                for (Overhead o : overheads) {
                    if (!o.operations().contains(op) || !byName.containsKey(o.measured()) || !byName.containsKey(o.baseline())) {
                        line.append(String.format("  %-20s", "-"));
                        continue;
                    }
                    Store measured = byName.get(o.measured());
                    Store baseline = byName.get(o.baseline());
                    List<Double> ratios = new ArrayList<>();
                    for (int slice = 0; slice < PAIRED_SLICES; slice++) {
                        if (op.equals("soft-delete") && slice % 5 == 0) {
                            rowsToDelete(jdbc(stores), new ArrayList<>(new java.util.LinkedHashSet<>(List.of(measured, baseline))),
                                    threads, tenants, inserted);
                        }
                        // who goes first alternates: each side is as often the one that runs right after the other
                        Store[] order = slice % 2 == 0 ? new Store[] {measured, baseline} : new Store[] {baseline, measured};
                        double[] rate = new double[2];
                        for (int i = 0; i < 2; i++) {
                            rate[i] = measure(order[i], op, threads, SLICE_NANOS, tenants, rows, inserted.get(order[i].name()))[0];
                        }
                        ratios.add(slice % 2 == 0 ? rate[0] / rate[1] : rate[1] / rate[0]);
                    }
                    line.append(String.format("  %-20s", medianInterval(ratios)));
                }
                System.out.println(line);
            }
        }
    }

    /**
     * @return the median and a 95% confidence interval for it: the order statistics about
     *         {@code 0.98 √n} ranks either side of the middle (for 20 values, the 6th and the 15th)
     */
    static String medianInterval(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        int k = Math.max(0, (int) Math.floor(n / 2.0 - 0.98 * Math.sqrt(n)));
        double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        return String.format("%4.2f [%4.2f-%4.2f]", median, sorted.get(k), sorted.get(n - 1 - k));
    }

    private static javax.sql.DataSource jdbc(List<Store> stores) {
        return ((Stores.Jdbc) stores.get(0)).ds();
    }

    /** The most rows each store soft-deleted in one round so far. */
    private static final Map<String, Integer> DELETED_IN_A_ROUND = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Rows for each store to soft-delete in the next round, all in the same state: each store's queue is
     * topped up to twice what its busiest round used so far (at least 12,000 a thread; an empty queue
     * fails the run), the rows of all stores inserted together, then the table is vacuumed. Before,
     * the stores measured for insert deleted their own long-settled insert rows first, while the
     * single-statement stores (then not measured for insert) deleted rows inserted moments before their
     * clock started, which costs the database more per delete (first visit, no hint bits, not
     * all-visible): a 0.03–0.15 handicap on the direct/jdbc ratio in a probe of that alone.
     */
    private static void rowsToDelete(javax.sql.DataSource ds, List<Store> stores, int threads, List<TenantId> tenants,
                                     Map<String, ConcurrentLinkedQueue<Object[]>> inserted) {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO bench_items (organization_id, id, created_at,"
                    + " updated_at, version, title, amount) VALUES (?, ?, now(), now(), 1, 'to delete', 1)")) {
                for (Store s : stores) {
                    ConcurrentLinkedQueue<Object[]> queue = inserted.get(s.name());
                    int used = DELETED_IN_A_ROUND.getOrDefault(s.name(), 0);
                    for (int n = queue.size(); n < Math.max(12_000 * threads, 2 * used); n++) {
                        TenantId t = tenants.get(ThreadLocalRandom.current().nextInt(TENANTS));
                        UUID id = Uuids.timeOrdered();
                        insert.setObject(1, t.value());
                        insert.setObject(2, id);
                        insert.addBatch();
                        queue.add(new Object[] {t, id});
                        if (n % 1000 == 999) {
                            insert.executeBatch();
                        }
                    }
                    insert.executeBatch();
                }
            }
            c.commit();
            c.setAutoCommit(true);
            try (Statement vacuum = c.createStatement()) {
                vacuum.execute("VACUUM ANALYZE bench_items");
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The stores that take the single-statement path differ from their ORM twins on these operations
     * only; raw JDBC with an activity row differs from raw JDBC on writes only.
     */
    private static boolean measured(Store s, String op) {
        if (s instanceof Stores.Jdbc j && j.audited()) {
            return !READ_OPERATIONS.contains(op);
        }
        return !(s instanceof Stores.Tenantry t && t.direct()) || DIRECT_OPERATIONS.contains(op);
    }

    /** @return {operations per second, client CPU microseconds per operation (the workers' thread CPU time)} */
    private static double[] measure(Store s, String op, int threads, long nanos, List<TenantId> tenants,
                                  Map<TenantId, List<UUID>> rows, ConcurrentLinkedQueue<Object[]> inserted)
            throws InterruptedException {
        long[] ops = new long[threads];
        long[] cpuNanos = new long[threads];
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        Throwable[] failure = new Throwable[1];
        Thread[] workers = new Thread[threads];
        long start = System.nanoTime();
        for (int i = 0; i < threads; i++) {
            int slot = i;
            workers[i] = new Thread(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                long cpuStart = mx.getCurrentThreadCpuTime();
                long n = 0;
                while (System.nanoTime() - start < nanos) {
                    // each thread has tenants of its own: no two threads touch one row (no optimistic-lock retries to count)
                    TenantId t = tenants.get(random.nextInt(TENANTS / threads) * threads + slot);
                    UUID id = rows.get(t).get(random.nextInt(ROWS));
                    String what = op;
                    if (op.equals("mixed")) {
                        int dice = random.nextInt(100);
                        what = dice < 70 ? "find" : dice < 85 ? "page" : dice < 95 ? "update" : "insert";
                    }
                    switch (what) {
                        case "insert" -> inserted.add(new Object[] {t, s.insert(t, "inserted")});
                        case "find" -> s.find(t, id);
                        case "page" -> s.page(t);
                        case "update" -> s.update(t, id, "title " + n);
                        case "soft-delete" -> {
                            Object[] row = inserted.poll();
                            if (row == null) {
                                throw new IllegalStateException("ran out of rows to delete: raise rowsToDelete's count");
                            }
                            s.softDelete((TenantId) row[0], (UUID) row[1]);
                        }
                        default -> throw new IllegalArgumentException(what);
                    }
                    n++;
                }
                ops[slot] = n;
                cpuNanos[slot] = mx.getCurrentThreadCpuTime() - cpuStart;
            });
            workers[i].setUncaughtExceptionHandler((thread, e) -> failure[0] = e);
            workers[i].start();
        }
        for (Thread w : workers) {
            w.join();
        }
        if (failure[0] != null) {
            throw new IllegalStateException(s.name() + " failed in " + op, failure[0]);
        }
        long elapsed = System.nanoTime() - start;
        long done = java.util.Arrays.stream(ops).sum();
        if (op.equals("soft-delete")) {
            DELETED_IN_A_ROUND.merge(s.name(), (int) done, Math::max);
        }
        return new double[] {done * 1e9 / elapsed, java.util.Arrays.stream(cpuNanos).sum() / 1e3 / Math.max(1, done)};
    }

    /** Median of the ratio, and its min–max over the rounds (the stores of a round ran interleaved). */
    private static String ratio(Map<String, List<Double>> rates, String a, String b) {
        List<Double> ra = rates.get(a);
        List<Double> rb = rates.get(b);
        if (ra == null || rb == null || ra.isEmpty() || rb.isEmpty()) {
            return String.format("%16s", "-");   // a store left out (-Dbenchmark.stores)
        }
        List<Double> r = new ArrayList<>();
        for (int i = 0; i < ra.size(); i++) {
            r.add(ra.get(i) / rb.get(i));
        }
        List<Double> sorted = r.stream().sorted().toList();
        return String.format("%4.2f (%4.2f-%4.2f)", median(r), sorted.get(0), sorted.get(sorted.size() - 1));
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    static HikariDataSource pool(TestDatabase db, String role) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(db.endpoint().jdbcUrl());
        config.setUsername(role);
        config.setMaximumPoolSize(4);
        config.setMinimumIdle(4);
        return new HikariDataSource(config);
    }

    private static SessionFactory hibernate(HikariDataSource ds) {
        Configuration cfg = new Configuration().addAnnotatedClass(HibernateItem.class);
        cfg.getProperties().put("hibernate.connection.datasource", ds);
        cfg.getProperties().put("hibernate.hbm2ddl.auto", "none");
        cfg.getProperties().put("hibernate.show_sql", "false");
        // the class path has the JSON-B API (Jakarta EE's) but no implementation; the benchmark maps no JSON
        cfg.getProperties().put("hibernate.type.json_format_mapper", NoJson.class.getName());
        cfg.getProperties().put("hibernate.type.xml_format_mapper", NoJson.class.getName());
        return cfg.buildSessionFactory();
    }

    static EntityManagerFactory tenantry(String unit, HikariDataSource ds, boolean rowSecurity) {
        Map<String, Object> props = new HashMap<>();
        props.put("jakarta.persistence.nonJtaDataSource", ds);
        props.put("eclipselink.session.customizer", ExternalPooling.class.getName());
        props.put("eclipselink.session-name", unit + "-" + ds.getUsername() + "-" + System.identityHashCode(ds));
        if (rowSecurity) {
            props.put("eclipselink.session-event-listener", RowSecurityListener.class.getName());
        }
        return Persistence.createEntityManagerFactory(unit, props);
    }

    /** Hibernate's JSON mapping is not used here. */
    public static final class NoJson implements org.hibernate.type.format.FormatMapper {
        @Override
        public <T> T fromString(CharSequence s, org.hibernate.type.descriptor.java.JavaType<T> t,
                                org.hibernate.type.descriptor.WrapperOptions o) {
            throw new UnsupportedOperationException("no JSON in this benchmark");
        }

        @Override
        public <T> String toString(T v, org.hibernate.type.descriptor.java.JavaType<T> t,
                                   org.hibernate.type.descriptor.WrapperOptions o) {
            throw new UnsupportedOperationException("no JSON in this benchmark");
        }
    }

    /** EclipseLink takes a connection from the pool for each unit of work, as with a server's DataSource. */
    public static final class ExternalPooling implements SessionCustomizer {
        @Override
        public void customize(Session session) {
            ((DatasourceLogin) session.getDatasourceLogin()).setUsesExternalConnectionPooling(true);
        }
    }
}
