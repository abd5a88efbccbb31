package dev.tenantry.tenancy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.tenantry.embedded.TestDatabase;
import dev.tenantry.persistence.migration.MigrationRunner;
import dev.tenantry.persistence.paging.Order;
import dev.tenantry.persistence.paging.PageRequest;
import dev.tenantry.persistence.paging.Sort;
import dev.tenantry.persistence.repository.Repository;
import dev.tenantry.serverconfig.PostgresRoles;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.BiFunction;
import javax.sql.DataSource;
import org.eclipse.persistence.sessions.UnitOfWork;

/**
 * Row-level security on vs off for tenant-scoped reads through the plugin, same table, PostgreSQL
 * and process, 1,000 tenants × 100 rows. On: the runtime role {@code tenantry_app} (policies apply)
 * with {@link RowSecurityListener}. Off: a role with the same privileges that bypasses the policies
 * (BYPASSRLS), no listener. A third setup splits the cost: the listener setting the tenant, policies
 * bypassed. All through a HikariCP pool with EclipseLink taking a connection per unit of work, as in
 * a server. Each operation runs in a transaction (begun on the database before the read, as a
 * server's {@code @Transactional} does), and once more as an autocommit read.
 *
 * <p>The three setups run one operation each in turn, on the same tenant and row, taking turns at
 * going first; the figures are medians of the time per operation. The benchmark runs on one CPU,
 * and the embedded PostgreSQL it starts with it ({@code taskset}, in the Maven profile): on two
 * cores, which CPU each database backend happened to be scheduled on changed a round trip by up to
 * 40 µs, twice what row-level security costs, and the three setups use different backends. (With
 * {@code TENANTRY_TEST_DB_URL} set, the database is not pinned, and the figures are noisier.)
 * Run with {@code ./mvnw -q -pl tenancy-module -am -Ptenancy-benchmark -DskipTests verify}.
 */
public final class RowSecurityBenchmark {

    /** The baselines' role: tenantry_app's privileges, BYPASSRLS. */
    private static final String BYPASS = "tenantry_benchmark_bypass";

    /** Warm-up per operation, all three setups interleaved. */
    private static final long WARMUP_NANOS = 3_000_000_000L;

    /** Measured time per operation, all three setups interleaved. */
    private static final long MEASURE_NANOS = 8_000_000_000L;

    private RowSecurityBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String cpus = Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(line -> line.startsWith("Cpus_allowed_list:")).map(line -> line.substring(18).trim())
                .findFirst().orElse("?");
        System.out.println("CPUs this benchmark may run on: " + cpus
                + (cpus.matches("\\d+") ? "" : " (not pinned to one: expect noisier figures; see the javadoc)"));
        try (TestDatabase db = TestDatabase.create("rls-benchmark")) {
            try (Connection c = db.endpoint().connect()) {
                PostgresRoles.apply(c);
                // the baselines connect as a role with the runtime role's privileges that bypasses the
                // policies, so the comparison differs in row-level security only (not in superuser checks)
                try (var st = c.createStatement()) {
                    st.execute("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '" + BYPASS + "')"
                            + " THEN CREATE ROLE " + BYPASS + " LOGIN BYPASSRLS; END IF; END $$");
                    st.execute("GRANT tenantry_app TO " + BYPASS);
                }
            }
            DataSource owner = db.endpoint().withUser("tenantry_owner", "").dataSource();
            new MigrationRunner(owner, RowSecurityBenchmark.class.getClassLoader(), List.of("classpath:db/migration")).migrate();
            DataSource superuser = db.endpoint().dataSource();
            List<TenantId> tenants = new ArrayList<>();
            Map<TenantId, List<UUID>> ids = new LinkedHashMap<>();
            TenancyBenchmark.seed(superuser, tenants, ids);

            try (HikariDataSource on = pool(db, "tenantry_app"); HikariDataSource off = pool(db, BYPASS);
                 HikariDataSource settingOnly = pool(db, BYPASS)) {
                EntityManagerFactory withRls = factory(on, true, "with-rls");
                EntityManagerFactory withoutRls = factory(off, false, "without-rls");
                EntityManagerFactory withSetting = factory(settingOnly, true, "setting-only");
                try {
                    run(withRls, withoutRls, withSetting, tenants, ids);
                } finally {
                    withRls.close();
                    withoutRls.close();
                    withSetting.close();
                }
            }
        }
    }

    private static HikariDataSource pool(TestDatabase db, String user) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(db.endpoint().jdbcUrl());
        config.setUsername(user);
        config.setMaximumPoolSize(2);
        return new HikariDataSource(config);
    }

    private static EntityManagerFactory factory(HikariDataSource pool, boolean rowSecurity, String name) {
        Map<String, Object> props = new HashMap<>();
        props.put("jakarta.persistence.nonJtaDataSource", pool);
        props.put("eclipselink.session.customizer", ExternalPooling.class.getName());
        props.put("eclipselink.session.name", name);
        if (rowSecurity) {
            props.put("eclipselink.session-event-listener", RowSecurityListener.class.getName());
        }
        return Persistence.createEntityManagerFactory("tenancy-test", props);
    }

    private static void run(EntityManagerFactory on, EntityManagerFactory off, EntityManagerFactory settingOnly,
                            List<TenantId> tenants, Map<TenantId, List<UUID>> ids) throws Exception {
        Random random = new Random(42);
        Sort byName = Sort.by(Order.asc("name"));
        Map<String, BiFunction<EntityManager, UUID, Object>> reads = new LinkedHashMap<>();
        reads.put("find by id", (em, id) -> em.find(Project.class, id).getName());
        reads.put("page of 20 + count", (em, id) -> new Repository<>(Project.class, em).page(new PageRequest(1, 20, byName)).total());
        List<EntityManagerFactory> setups = List.of(on, off, settingOnly);

        System.out.printf("%-34s %9s %9s %9s %9s %9s %9s%n", "operation (median µs per operation)", "RLS on", "RLS off",
                "setting", "RLS adds", "setting", "policies");
        System.out.printf("%-34s %9s %9s %9s %9s %9s %9s%n", "", "", "", "only", "", "adds", "add");
        for (boolean transaction : new boolean[] {true, false}) {
            for (Map.Entry<String, BiFunction<EntityManager, UUID, Object>> read : reads.entrySet()) {
                // the same tenant and row for all three setups, which take turns at going first
                long[][] nanos = Interleaved.measure(3, WARMUP_NANOS, MEASURE_NANOS, () -> {
                    TenantId tenant = tenants.get(random.nextInt(TenancyBenchmark.TENANTS));
                    UUID id = ids.get(tenant).get(random.nextInt(TenancyBenchmark.ROWS));
                    return which -> once(setups.get(which), tenant, id, transaction, read.getValue());
                });
                double a = Interleaved.median(nanos[0]);
                double b = Interleaved.median(nanos[1]);
                double c = Interleaved.median(nanos[2]);
                System.out.printf("%-34s %9.1f %9.1f %9.1f %8.1f%% %8.1f%% %8.1f%%   (%d each)%n",
                        read.getKey() + (transaction ? " (transaction)" : " (autocommit)"), a / 1e3, b / 1e3, c / 1e3,
                        100 * (a / b - 1), 100 * (c / b - 1), 100 * (a / c - 1), nanos[0].length);
            }
        }
    }

    private static void once(EntityManagerFactory emf, TenantId tenant, UUID id, boolean transaction,
                             BiFunction<EntityManager, UUID, Object> read) {
        EntityManager em = TenantEntityManagers.open(emf, tenant);
        try {
            if (transaction) {
                em.getTransaction().begin();
                // a read-only transaction still opens one on the database, as @Transactional does in a
                // server (EclipseLink would otherwise read outside it until the first write)
                em.unwrap(UnitOfWork.class).beginEarlyTransaction();
            }
            Object result = read.apply(em, id);
            if (result == null) {
                throw new IllegalStateException("nothing read");
            }
            if (transaction) {
                em.getTransaction().commit();
            }
        } finally {
            if (em.getTransaction().isActive()) {
                em.getTransaction().rollback();
            }
            em.close();
        }
    }
}
