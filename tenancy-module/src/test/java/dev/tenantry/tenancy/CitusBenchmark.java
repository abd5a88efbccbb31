package dev.tenantry.tenancy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.tenantry.embedded.PostgresEndpoint;
import dev.tenantry.embedded.PostgresServers;
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
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import javax.sql.DataSource;
import org.eclipse.persistence.sessions.UnitOfWork;
import org.postgresql.PGConnection;

/**
 * Tenant-scoped find, page, insert and update through the plugin, under row-level security as
 * {@code tenantry_app}, on a Citus cluster vs plain PostgreSQL, in one process: the same schema,
 * migrations and data ({@value #TENANTS} tenants × {@value #ROWS} projects) in two databases of the
 * Citus coordinator — one with the citus extension (tenant tables distributed over the workers), one
 * without (plain PostgreSQL of the same build and settings). Each operation runs in a transaction,
 * the two setups taking turns at going first; the figures are medians. On one machine every Citus
 * statement pays an extra hop (coordinator to worker) and the SET LOCAL forwarding, so a ratio above
 * 1 is expected; the point is that it is bounded, and {@code SingleShardStatementsTest} shows every
 * statement is single-shard. Needs a cluster ({@code ../shared/citus/cluster.sh start}); run with
 * {@code ./mvnw -q -pl tenancy-module -am -Pcitus-benchmark -DskipTests verify}.
 */
public final class CitusBenchmark {

    static final int TENANTS = 200;
    static final int ROWS = 100;
    private static final long WARMUP_NANOS = Long.getLong("benchmark.warmup-millis", 3_000) * 1_000_000L;
    private static final long MEASURE_NANOS = Long.getLong("benchmark.measure-millis", 10_000) * 1_000_000L;

    private CitusBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty(TestDatabase.CITUS_PROPERTY, "true");
        PostgresEndpoint coordinator = PostgresServers.forTests();
        String plainName = "tenantry_citusbench_plain_" + UUID.randomUUID().toString().substring(0, 8);
        try (TestDatabase citus = TestDatabase.create("citus_benchmark")) {
            execute(coordinator.withDatabase("postgres"), "CREATE DATABASE " + plainName);
            PostgresEndpoint plain = coordinator.withDatabase(plainName);
            try {
                List<TenantId> tenants = new ArrayList<>();
                Map<TenantId, List<UUID>> ids = new LinkedHashMap<>();
                List<String> seed = seedRows(tenants, ids);
                prepare(citus.endpoint(), seed);
                prepare(plain, seed);
                try (HikariDataSource onCitus = pool(citus.endpoint()); HikariDataSource onPlain = pool(plain)) {
                    EntityManagerFactory c = factory(onCitus, "citus");
                    EntityManagerFactory p = factory(onPlain, "plain");
                    try {
                        run(c, p, tenants, ids);
                    } finally {
                        c.close();
                        p.close();
                    }
                }
            } finally {
                execute(coordinator.withDatabase("postgres"), "DROP DATABASE IF EXISTS " + plainName + " WITH (FORCE)");
            }
        }
    }

    /** Roles, migrations as the owner (the test model's V3 distributes the tenant tables on Citus), data, statistics. */
    private static void prepare(PostgresEndpoint db, List<String> seed) throws SQLException {
        try (Connection c = db.connect()) {
            PostgresRoles.apply(c);
        }
        DataSource owner = db.withUser(PostgresRoles.OWNER, "").dataSource();
        new MigrationRunner(owner, CitusBenchmark.class.getClassLoader(), List.of("classpath:db/migration")).migrate();
        try (Connection c = db.connect()) {
            c.unwrap(PGConnection.class).getCopyAPI().copyIn(
                    "COPY projects (organization_id, id, created_at, updated_at, version, name) FROM STDIN",
                    new StringReader(String.join("\n", seed) + "\n"));
            try (Statement s = c.createStatement()) {
                s.execute("ANALYZE projects");
            }
        } catch (java.io.IOException e) {
            throw new SQLException(e);
        }
    }

    private static List<String> seedRows(List<TenantId> tenants, Map<TenantId, List<UUID>> ids) {
        List<String> rows = new ArrayList<>();
        for (int t = 0; t < TENANTS; t++) {
            TenantId tenant = new TenantId(UUID.randomUUID());
            tenants.add(tenant);
            List<UUID> own = new ArrayList<>();
            for (int r = 0; r < ROWS; r++) {
                UUID id = dev.tenantry.persistence.Uuids.timeOrdered();
                own.add(id);
                rows.add(tenant + "\t" + id + "\tnow\tnow\t1\tproject " + r);
            }
            ids.put(tenant, own);
        }
        return rows;
    }

    private static HikariDataSource pool(PostgresEndpoint db) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(db.jdbcUrl());
        config.setUsername(PostgresRoles.RUNTIME);
        config.setMaximumPoolSize(2);
        return new HikariDataSource(config);
    }

    private static EntityManagerFactory factory(HikariDataSource pool, String name) {
        return Persistence.createEntityManagerFactory("tenancy-test", Map.of(
                "jakarta.persistence.nonJtaDataSource", pool,
                "eclipselink.session.customizer", ExternalPooling.class.getName(),
                "eclipselink.session.name", name,
                "eclipselink.session-event-listener", RowSecurityListener.class.getName()));
    }

    private static void run(EntityManagerFactory citus, EntityManagerFactory plain, List<TenantId> tenants,
                            Map<TenantId, List<UUID>> ids) {
        Random random = new Random(42);
        AtomicLong inserted = new AtomicLong();
        Sort byName = Sort.by(Order.asc("name"));
        Map<String, BiFunction<EntityManager, UUID, Object>> operations = new LinkedHashMap<>();
        operations.put("find by id", (em, id) -> em.find(Project.class, id).getName());
        operations.put("page of 20 + count", (em, id) -> new Repository<>(Project.class, em).page(new PageRequest(1, 20, byName)).total());
        operations.put("insert", (em, id) -> new Repository<>(Project.class, em).save(new Project("new " + inserted.incrementAndGet())));
        operations.put("update", (em, id) -> {
            Project p = em.find(Project.class, id);
            p.setName("renamed " + inserted.incrementAndGet());
            return p;
        });
        List<EntityManagerFactory> setups = List.of(citus, plain);
        System.out.printf("%-36s %10s %10s %8s%n", "operation (median µs, in a transaction)", "Citus", "PostgreSQL", "ratio");
        for (Map.Entry<String, BiFunction<EntityManager, UUID, Object>> operation : operations.entrySet()) {
            long[][] nanos = Interleaved.measure(2, WARMUP_NANOS, MEASURE_NANOS, () -> {
                TenantId tenant = tenants.get(random.nextInt(TENANTS));
                UUID id = ids.get(tenant).get(random.nextInt(ROWS));
                return which -> once(setups.get(which), tenant, id, operation.getValue());
            });
            double c = Interleaved.median(nanos[0]);
            double p = Interleaved.median(nanos[1]);
            System.out.printf("%-36s %10.1f %10.1f %7.2f×   (%d each)%n", operation.getKey(), c / 1e3, p / 1e3, c / p,
                    nanos[0].length);
        }
    }

    private static void once(EntityManagerFactory emf, TenantId tenant, UUID id, BiFunction<EntityManager, UUID, Object> work) {
        EntityManager em = TenantEntityManagers.open(emf, tenant);
        try {
            em.getTransaction().begin();
            em.unwrap(UnitOfWork.class).beginEarlyTransaction();
            if (work.apply(em, id) == null) {
                throw new IllegalStateException("nothing read");
            }
            em.getTransaction().commit();
        } finally {
            if (em.getTransaction().isActive()) {
                em.getTransaction().rollback();
            }
            em.close();
        }
    }

    private static void execute(PostgresEndpoint endpoint, String sql) throws SQLException {
        try (Connection c = endpoint.connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
