package dev.tenantry.tenancy;

import dev.tenantry.embedded.TestDatabase;
import dev.tenantry.embedded.Transactions;
import dev.tenantry.persistence.migration.MigrationRunner;
import dev.tenantry.persistence.paging.Order;
import dev.tenantry.persistence.paging.Page;
import dev.tenantry.persistence.paging.PageRequest;
import dev.tenantry.persistence.paging.Sort;
import dev.tenantry.persistence.repository.Repository;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Tenant-scoped operations through the plugin (tenant EntityManager per unit of work, Repository)
 * against plain JDBC on the same table, PostgreSQL and process, interleaved rounds, 1,000 tenants ×
 * 100 rows. Prints ops/s and the plugin/JDBC throughput ratio per operation. Not a test: run with
 * {@code ./mvnw -q -pl tenancy-module -am -Ptenancy-benchmark -DskipTests verify}.
 */
public final class TenancyBenchmark {

    static final int TENANTS = 1_000;
    static final int ROWS = 100;
    static final int ROUNDS = 5;
    /** Rounds run before measuring: the plugin path has far more code for the JIT to compile than JDBC. */
    static final int WARMUP_ROUNDS = 3;
    private static final long ROUND_NANOS = 600_000_000L;

    private TenancyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        try (TestDatabase db = TestDatabase.create("benchmark")) {
            DataSource ds = db.endpoint().dataSource();
            new MigrationRunner(ds, TenancyBenchmark.class.getClassLoader(), List.of("classpath:db/migration")).migrate();
            List<TenantId> tenants = new ArrayList<>();
            Map<TenantId, List<UUID>> ids = new LinkedHashMap<>();
            seed(ds, tenants, ids);
            EntityManagerFactory emf = Persistence.createEntityManagerFactory("tenancy-test", db.endpoint().jpaProperties());
            try (Connection jdbc = ds.getConnection()) {
                run(emf, jdbc, tenants, ids);
            } finally {
                emf.close();
            }
        }
    }

    private static void run(EntityManagerFactory emf, Connection jdbc, List<TenantId> tenants, Map<TenantId, List<UUID>> ids)
            throws Exception {
        Random random = new Random(42);
        Sort byName = Sort.by(Order.asc("name"));
        int[] counter = {0};
        Map<String, Op[]> ops = new LinkedHashMap<>();
        ops.put("find by id", new Op[] {
            () -> {
                TenantId t = tenants.get(random.nextInt(TENANTS));
                UUID id = ids.get(t).get(random.nextInt(ROWS));
                inPlugin(emf, t, false, em -> em.find(Project.class, id).getName());
            },
            () -> {
                TenantId t = tenants.get(random.nextInt(TENANTS));
                UUID id = ids.get(t).get(random.nextInt(ROWS));
                try (PreparedStatement ps = jdbc.prepareStatement("SELECT organization_id, id, created_at, updated_at, version,"
                        + " deleted_at, name FROM projects WHERE organization_id = ? AND id = ? AND deleted_at IS NULL")) {
                    ps.setObject(1, t.value());
                    ps.setObject(2, id);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        row(rs);
                    }
                }
            }});
        ops.put("page of 20 + count", new Op[] {
            () -> {
                TenantId t = tenants.get(random.nextInt(TENANTS));
                inPlugin(emf, t, false, em -> new Repository<>(Project.class, em).page(new PageRequest(1, 20, byName)).total());
            },
            () -> {
                TenantId t = tenants.get(random.nextInt(TENANTS));
                List<Object[]> page = new ArrayList<>();
                try (PreparedStatement ps = jdbc.prepareStatement("SELECT organization_id, id, created_at, updated_at, version,"
                        + " deleted_at, name FROM projects WHERE organization_id = ? AND deleted_at IS NULL"
                        + " ORDER BY name, id LIMIT 20 OFFSET 20")) {
                    ps.setObject(1, t.value());
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            page.add(row(rs));
                        }
                    }
                }
                try (PreparedStatement ps = jdbc.prepareStatement(
                        "SELECT count(*) FROM projects WHERE organization_id = ? AND deleted_at IS NULL")) {
                    ps.setObject(1, t.value());
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        rs.getLong(1);
                    }
                }
            }});
        ops.put("insert", new Op[] {
            () -> {
                TenantId t = tenants.get(random.nextInt(TENANTS));
                String name = "bench-p-" + (counter[0]++);
                inPlugin(emf, t, true, em -> new Repository<>(Project.class, em).save(new Project(name)));
            },
            () -> {
                TenantId t = tenants.get(random.nextInt(TENANTS));
                try (PreparedStatement ps = jdbc.prepareStatement("INSERT INTO projects (organization_id, id, created_at,"
                        + " updated_at, version, name) VALUES (?, ?, now(), now(), 1, ?)")) {
                    ps.setObject(1, t.value());
                    ps.setObject(2, UUID.randomUUID());
                    ps.setString(3, "bench-j-" + (counter[0]++));
                    ps.executeUpdate();
                }
            }});
        ops.put("update", new Op[] {
            () -> {
                TenantId t = tenants.get(random.nextInt(TENANTS));
                UUID id = ids.get(t).get(random.nextInt(ROWS));
                inPlugin(emf, t, true, em -> {
                    Project p = em.find(Project.class, id);
                    p.setName("u-" + (counter[0]++));
                    return p;
                });
            },
            () -> {
                TenantId t = tenants.get(random.nextInt(TENANTS));
                UUID id = ids.get(t).get(random.nextInt(ROWS));
                jdbc.setAutoCommit(false);
                try {
                    long version;
                    try (PreparedStatement ps = jdbc.prepareStatement("SELECT version FROM projects WHERE organization_id = ?"
                            + " AND id = ? AND deleted_at IS NULL")) {
                        ps.setObject(1, t.value());
                        ps.setObject(2, id);
                        try (ResultSet rs = ps.executeQuery()) {
                            rs.next();
                            version = rs.getLong(1);
                        }
                    }
                    try (PreparedStatement ps = jdbc.prepareStatement("UPDATE projects SET name = ?, updated_at = now(),"
                            + " version = version + 1 WHERE organization_id = ? AND id = ? AND version = ?")) {
                        ps.setString(1, "u-" + (counter[0]++));
                        ps.setObject(2, t.value());
                        ps.setObject(3, id);
                        ps.setLong(4, version);
                        ps.executeUpdate();
                    }
                    jdbc.commit();
                } finally {
                    jdbc.setAutoCommit(true);
                }
            }});

        System.out.printf("%-20s %12s %12s %10s%n", "operation", "plugin/s", "jdbc/s", "plugin/jdbc");
        for (Map.Entry<String, Op[]> e : ops.entrySet()) {
            List<Double> plugin = new ArrayList<>();
            List<Double> plain = new ArrayList<>();
            for (int round = 0; round < WARMUP_ROUNDS + ROUNDS; round++) {   // the first ones let the JIT settle
                double p = rate(e.getValue()[0]);
                double j = rate(e.getValue()[1]);
                if (round >= WARMUP_ROUNDS) {
                    plugin.add(p);
                    plain.add(j);
                }
            }
            double pm = median(plugin);
            double jm = median(plain);
            System.out.printf("%-20s %12.0f %12.0f %9.0f%%%n", e.getKey(), pm, jm, 100 * pm / jm);
        }
    }

    interface Op {
        void run() throws Exception;
    }

    private interface Work<R> {
        R apply(EntityManager em);
    }

    private static <R> R inPlugin(EntityManagerFactory emf, TenantId t, boolean write, Work<R> work) {
        EntityManager em = TenantEntityManagers.open(emf, t);
        if (write) {
            return Transactions.inTransaction(em, work::apply);
        }
        try {
            return work.apply(em);
        } finally {
            em.close();
        }
    }

    private static Object[] row(ResultSet rs) throws SQLException {
        return new Object[] {rs.getObject(1), rs.getObject(2), rs.getObject(3, java.time.OffsetDateTime.class),
            rs.getObject(4, java.time.OffsetDateTime.class), rs.getLong(5), rs.getObject(6, java.time.OffsetDateTime.class),
            rs.getString(7)};
    }

    static double rate(Op op) throws Exception {
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

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    static void seed(javax.sql.DataSource ds, List<TenantId> tenants, Map<TenantId, List<UUID>> ids) throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO projects (organization_id, id, created_at, updated_at,"
                    + " version, name) VALUES (?, ?, now(), now(), 1, ?)")) {
                for (int t = 0; t < TENANTS; t++) {
                    TenantId tenant = new TenantId(UUID.randomUUID());
                    tenants.add(tenant);
                    List<UUID> rows = new ArrayList<>();
                    for (int r = 0; r < ROWS; r++) {
                        UUID id = dev.tenantry.persistence.Uuids.timeOrdered();
                        rows.add(id);
                        ps.setObject(1, tenant.value());
                        ps.setObject(2, id);
                        ps.setString(3, "project " + r);
                        ps.addBatch();
                    }
                    ids.put(tenant, rows);
                    ps.executeBatch();
                }
            }
            c.commit();
            try (var s = c.createStatement()) {
                s.execute("ANALYZE projects");
            }
        }
    }
}
