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
import java.sql.Connection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Function;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Row-level security on vs off for tenant-scoped reads through the plugin, same table, PostgreSQL
 * and process, interleaved rounds, 1,000 tenants × 100 rows. On: the runtime role
 * {@code tenantry_app} (policies apply) with {@link RowSecurityListener}. Off: a role with the same
 * privileges that bypasses the policies (BYPASSRLS), no listener. A third run splits the cost: the listener setting the tenant, policies
 * bypassed. All through a HikariCP pool with EclipseLink taking a connection per unit of work, as
 * in a server. Each operation runs in a transaction, and once more as an autocommit read. Every
 * statement of the "on" and "setting only" runs carries the tenant setting in its own round trip
 * ({@link RowSecurityListener}). Run with {@code ./mvnw -q -pl tenancy-module -am -Pbenchmark -DskipTests verify}.
 */
public final class RowSecurityBenchmark {

    /** The baselines' role: tenantry_app's privileges, BYPASSRLS. */
    private static final String BYPASS = "tenantry_benchmark_bypass";

    /** Measured rounds per operation and setup: more than the other benchmarks, as the differences are small. */
    private static final int ROUNDS = 9;

    private RowSecurityBenchmark() {
    }

    public static void main(String[] args) throws Exception {
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
            PGSimpleDataSource owner = new PGSimpleDataSource();
            owner.setUrl(db.endpoint().jdbcUrl());
            owner.setUser("tenantry_owner");
            new MigrationRunner(owner, RowSecurityBenchmark.class.getClassLoader(), List.of("classpath:db/migration")).migrate();
            PGSimpleDataSource superuser = new PGSimpleDataSource();
            superuser.setUrl(db.endpoint().jdbcUrl());
            superuser.setUser(db.endpoint().user());
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
        Map<String, Function<EntityManager, Object>> reads = new LinkedHashMap<>();
        TenantId[] tenant = new TenantId[1];
        reads.put("find by id", em -> em.find(Project.class, ids.get(tenant[0]).get(random.nextInt(TenancyBenchmark.ROWS)))
                .getName());
        reads.put("page of 20 + count", em -> new Repository<>(Project.class, em).page(new PageRequest(1, 20, byName)).total());

        System.out.printf("%-34s %10s %10s %12s %8s %14s%n", "operation", "RLS on/s", "RLS off/s", "setting only/s",
                "on/off", "on/setting only");
        for (boolean transaction : new boolean[] {true, false}) {
            for (Map.Entry<String, Function<EntityManager, Object>> read : reads.entrySet()) {
                List<Double> withRls = new ArrayList<>();
                List<Double> withoutRls = new ArrayList<>();
                List<Double> withSetting = new ArrayList<>();
                for (int round = 0; round < TenancyBenchmark.WARMUP_ROUNDS + ROUNDS; round++) {   // warm-up first
                    // the setups take turns at going first, so none always pays for what the previous one left behind
                    List<EntityManagerFactory> setups = List.of(on, off, settingOnly);
                    double[] rates = new double[3];
                    for (int k = 0; k < 3; k++) {
                        int which = (round + k) % 3;
                        EntityManagerFactory emf = setups.get(which);
                        rates[which] = TenancyBenchmark.rate(() -> once(emf, tenants, tenant, random, transaction, read.getValue()));
                    }
                    if (round >= TenancyBenchmark.WARMUP_ROUNDS) {
                        withRls.add(rates[0]);
                        withoutRls.add(rates[1]);
                        withSetting.add(rates[2]);
                    }
                }
                double a = TenancyBenchmark.median(withRls);
                double b = TenancyBenchmark.median(withoutRls);
                double c = TenancyBenchmark.median(withSetting);
                System.out.printf("%-34s %10.0f %10.0f %14.0f %7.0f%% %13.0f%%%n",
                        read.getKey() + (transaction ? " (transaction)" : " (autocommit)"), a, b, c, 100 * a / b, 100 * a / c);
            }
        }
    }

    private static void once(EntityManagerFactory emf, List<TenantId> tenants, TenantId[] tenant, Random random,
                             boolean transaction, Function<EntityManager, Object> read) {
        tenant[0] = tenants.get(random.nextInt(TenancyBenchmark.TENANTS));
        EntityManager em = TenantEntityManagers.open(emf, tenant[0]);
        try {
            if (transaction) {
                em.getTransaction().begin();
                // a read-only transaction still opens one on the database, as @Transactional does in a server
                em.unwrap(java.sql.Connection.class);
            }
            Object result = read.apply(em);
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
