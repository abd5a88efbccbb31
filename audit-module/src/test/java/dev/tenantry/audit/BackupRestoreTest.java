package dev.tenantry.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantry.crypto.Encryption;
import dev.tenantry.crypto.KeyRing;
import dev.tenantry.embedded.PostgresEndpoint;
import dev.tenantry.embedded.TestDatabase;
import dev.tenantry.embedded.Transactions;
import dev.tenantry.persistence.jobs.JobRuns;
import dev.tenantry.persistence.migration.MigrationRunner;
import dev.tenantry.persistence.repository.Repository;
import dev.tenantry.serverconfig.PostgresRoles;
import dev.tenantry.tenancy.OrganizationService;
import dev.tenantry.tenancy.Role;
import dev.tenantry.tenancy.RowSecurity;
import dev.tenantry.tenancy.RowSecurityListener;
import dev.tenantry.tenancy.TenantEntityManagers;
import dev.tenantry.tenancy.TenantId;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's backup and restore procedure on real PostgreSQL: a database set up as the README says
 * (two roles, migrations as {@code tenantry_owner}, row-level security, the runtime role through the
 * application) holding three tenants with encrypted columns, soft-deleted rows, memberships, an audit
 * trail and job runs is dumped with {@code pg_dump -Fc}, restored with {@code pg_restore} into a fresh
 * database, and then: every table holds the same rows (catalog-driven, every table of the schema);
 * policies, FORCE, triggers, owners, grants and SECURITY DEFINER functions are the same; the
 * application, with the same keys (kept outside the dump), reads every tenant's data identically; row
 * security still holds for the runtime role; no migration is pending; and neither a plaintext value
 * nor the key is anywhere in the dump.
 *
 * <p>Needs {@code pg_dump}/{@code pg_restore} of the server's major version or newer (found on the
 * PATH, under {@code /usr/lib/postgresql/N/bin} or in {@code TENANTRY_PG_BIN}); without them, or on
 * Citus (whose shards a coordinator's dump does not hold), it is skipped and says why.
 */
class BackupRestoreTest {

    private final List<TestDatabase> databases = new ArrayList<>();
    private final String key = Base64.getEncoder().encodeToString(new SecureRandom().generateSeed(32));

    @TempDir
    Path dir;

    @AfterEach
    void dropBoth() {
        Encryption.reset();
        databases.forEach(TestDatabase::close);
    }

    @Test
    void aCustomFormatDumpRestoresEveryTenantIdenticallyWithRowSecurityRolesAndTriggersIntact() throws Exception {
        TestDatabase source = create("backup_src");
        Path bin = clientTools(source).orElse(null);
        Assumptions.assumeTrue(bin != null, "no pg_dump/pg_restore of the server's major version or newer: install"
                + " postgresql-client-N or set TENANTRY_PG_BIN to its bin directory");
        Assumptions.assumeTrue(source.rows("SELECT count(*) FROM pg_extension WHERE extname = 'citus'").get(0).equals("0"),
                "on Citus: a coordinator's pg_dump holds no shard data; back Citus up with its own tools");
        Encryption.install(KeyRing.parse("1:" + key, null));
        setUp(source);
        List<TenantId> tenants = fill(source);
        Map<String, String> snapshot = application(source, tenants);
        Map<String, String> tables = tables(source);
        List<String> schema = schema(source);

        Path dump = dir.resolve("app.dump");
        run(bin, source.endpoint(), "pg_dump", "--format=custom", "--file=" + dump);
        TestDatabase target = create("backup_dst");   // as the README says: roles.sql, then pg_restore
        try (Connection c = target.endpoint().connect()) {
            PostgresRoles.apply(c);
        }
        run(bin, target.endpoint(), "pg_restore", "--exit-on-error", "--no-password", dump.toString());

        assertThat(tables(target)).isEqualTo(tables).containsKeys("invoices", "activities", "organizations",
                "memberships", "job_runs", "app_settings", "tenantry_schema_history", "flyway_schema_history");
        assertThat(schema(target)).isEqualTo(schema);
        Encryption.reset();   // a new process: the same keys come from outside the dump
        Encryption.install(KeyRing.parse("1:" + key, null));
        assertThat(application(target, tenants)).isEqualTo(snapshot);
        rowSecurityHolds(target, tenants);
        assertThat(new MigrationRunner(as(target, PostgresRoles.OWNER), getClass().getClassLoader(),
                List.of("classpath:db/migration")).pendingCount()).isZero();

        Path sql = dir.resolve("app.sql");
        run(bin, null, "pg_restore", "--file=" + sql, dump.toString());
        String text = Files.readString(sql, StandardCharsets.UTF_8);
        assertThat(text).contains("tnc2:").contains("ENABLE ROW LEVEL SECURITY").contains("FORCE ROW LEVEL SECURITY")
                .doesNotContain(key).doesNotContain("secret-of-");
    }

    private TestDatabase create(String purpose) {
        TestDatabase db = TestDatabase.create(purpose);
        databases.add(db);
        return db;
    }

    /** The README's set-up: the two roles, then the migrations as the owner. */
    private void setUp(TestDatabase db) throws SQLException {
        try (Connection c = db.endpoint().connect()) {
            PostgresRoles.apply(c);
        }
        new MigrationRunner(as(db, PostgresRoles.OWNER), getClass().getClassLoader(), List.of("classpath:db/migration")).migrate();
    }

    /** Three organizations written through the application as the runtime role: members, invoices, deletions, the trail. */
    private List<TenantId> fill(TestDatabase db) {
        EntityManagerFactory emf = factory(db);
        try {
            List<TenantId> tenants = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                String owner = "owner" + t;
                TenantId org = AuditContext.callAs(owner, null, () -> inTx(emf.createEntityManager(), em -> {
                    OrganizationService orgs = new OrganizationService(em);
                    TenantId id = orgs.create("Org " + UUID.randomUUID(), "org-" + UUID.randomUUID().toString().substring(0, 8),
                            owner).tenantId();
                    orgs.invite(id, "viewer" + UUID.randomUUID(), Role.VIEWER, owner);
                    return id;
                }));
                tenants.add(org);
                List<UUID> ids = AuditContext.callAs(owner, null, () -> inTx(TenantEntityManagers.open(emf, org), em -> {
                    List<UUID> made = new ArrayList<>();
                    for (int i = 0; i < 4; i++) {
                        made.add(new Repository<>(Invoice.class, em).save(new Invoice("INV-" + i, 100 * i + 1,
                                "secret-of-" + org + "-" + i, null)).getId());
                    }
                    return made;
                }));
                AuditContext.runAs(owner, null, () -> inTx(TenantEntityManagers.open(emf, org), em -> {
                    new Repository<>(Invoice.class, em).get(ids.get(1)).setAmountCents(4242);
                    new Repository<>(Invoice.class, em).deleteById(ids.get(2));
                    return null;
                }));
            }
            new JobRuns(as(db, PostgresRoles.RUNTIME)).call("backup.test", tenants.get(0).value(), run -> 3L);
            return tenants;
        } finally {
            emf.close();
        }
    }

    /** What the application reads, tenant by tenant: live invoices decrypted, deleted ones counted, the trail. */
    private Map<String, String> application(TestDatabase db, List<TenantId> tenants) {
        EntityManagerFactory emf = factory(db);
        try {
            Map<String, String> seen = new TreeMap<>();
            for (TenantId org : tenants) {
                inTx(TenantEntityManagers.open(emf, org), em -> {
                    List<String> live = new ArrayList<>();
                    for (Invoice i : em.createQuery("SELECT i FROM Invoice i ORDER BY i.number", Invoice.class).getResultList()) {
                        live.add(i.getNumber() + "=" + i.getAmountCents() + ":" + i.getSecret());
                    }
                    seen.put(org + " invoices", String.join(",", live));
                    seen.put(org + " deleted", String.valueOf(new Repository<>(Invoice.class, em).includingDeleted().count()
                            - new Repository<>(Invoice.class, em).count()));
                    seen.put(org + " trail", String.join(",", new Activities(em).page(100, null).items().stream()
                            .map(a -> a.getType() + "/" + a.getActor()).sorted().toList()));
                    return null;
                });
                assertThat(seen.get(org + " invoices")).contains("secret-of-" + org + "-0").contains("4242");
                assertThat(seen.get(org + " deleted")).isEqualTo("1");
            }
            return seen;
        } finally {
            emf.close();
        }
    }

    /** Every table of the schema (from the catalog) with a digest of all its rows. */
    private static Map<String, String> tables(TestDatabase db) {
        Map<String, String> digests = new TreeMap<>();
        for (String table : db.rows("SELECT relname FROM pg_class WHERE relkind IN ('r', 'p')"
                + " AND relnamespace = 'public'::regnamespace ORDER BY 1")) {
            digests.put(table, db.rows("SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '')"
                    + " FROM " + table + " t").get(0));
        }
        return digests;
    }

    /** Policies, row-security flags, owners, runtime grants, triggers and definer functions, as text. */
    private static List<String> schema(TestDatabase db) {
        List<String> schema = new ArrayList<>();
        schema.addAll(db.rows("SELECT 'policy ' || tablename || ' ' || policyname || ' ' || cmd || ' ' || roles::text || ' '"
                + " || coalesce(qual, '') || ' ' || coalesce(with_check, '') FROM pg_policies ORDER BY 1"));
        schema.addAll(db.rows("SELECT 'table ' || relname || ' rls=' || relrowsecurity || ' force=' || relforcerowsecurity"
                + " || ' owner=' || relowner::regrole || ' acl=' || coalesce(relacl::text, '')"
                + " FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'p', 'v', 'S') ORDER BY 1"));
        schema.addAll(db.rows("SELECT 'trigger ' || tgrelid::regclass || ' ' || tgname || ' ' || tgenabled::text FROM pg_trigger"
                + " WHERE NOT tgisinternal ORDER BY 1"));
        schema.addAll(db.rows("SELECT 'function ' || proname || ' definer=' || prosecdef || ' owner=' || proowner::regrole"
                + " || ' acl=' || coalesce(proacl::text, '') FROM pg_proc WHERE pronamespace = 'public'::regnamespace ORDER BY 1"));
        assertThat(schema).anyMatch(s -> s.startsWith("policy invoices")).anyMatch(s -> s.startsWith("trigger "))
                .anyMatch(s -> s.contains("definer=true")).anyMatch(s -> s.startsWith("table invoices rls=true force=true"));
        return schema;
    }

    /** The runtime role sees nothing without a tenant, one tenant's rows with it, and still cannot delete the trail. */
    private static void rowSecurityHolds(TestDatabase db, List<TenantId> tenants) throws SQLException {
        try (Connection app = as(db, PostgresRoles.RUNTIME).getConnection()) {
            assertThat(count(app, null, "SELECT count(*) FROM invoices")).isZero();
            assertThat(count(app, null, "SELECT count(*) FROM activities")).isZero();
            for (TenantId t : tenants) {
                assertThat(count(app, t, "SELECT count(*) FROM invoices")).isEqualTo(4);
                assertThat(count(app, t, "SELECT count(*) FROM invoices WHERE organization_id <> '" + t + "'")).isZero();
            }
            assertThatThrownBy(() -> count(app, tenants.get(0), "WITH d AS (DELETE FROM activities RETURNING 1)"
                    + " SELECT count(*) FROM d")).isInstanceOfSatisfying(SQLException.class,
                    e -> assertThat(e.getSQLState()).isEqualTo("42501"));
        }
    }

    private static long count(Connection c, TenantId tenant, String sql) throws SQLException {
        try (PreparedStatement ps = tenant == null ? c.prepareStatement(sql) : RowSecurity.prepareStatement(c, tenant, sql);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The newest bin directory holding pg_dump and pg_restore whose major version is at least the server's. */
    static Optional<Path> clientTools(TestDatabase db) {
        int server = Integer.parseInt(db.rows("SHOW server_version_num").get(0)) / 10000;
        List<Path> candidates = new ArrayList<>();
        Optional.ofNullable(System.getenv("TENANTRY_PG_BIN")).map(Path::of).ifPresent(candidates::add);
        for (String root : List.of("/usr/lib/postgresql", "/usr/local/pgsql", "/opt/homebrew/opt")) {
            File[] versions = new File(root).listFiles();
            if (versions != null) {
                Stream.of(versions).map(v -> v.toPath().resolve("bin")).sorted(Comparator.reverseOrder()).forEach(candidates::add);
            }
        }
        for (String entry : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            candidates.add(Path.of(entry));
        }
        for (Path bin : candidates) {
            if (Files.isExecutable(bin.resolve("pg_dump")) && Files.isExecutable(bin.resolve("pg_restore"))
                    && major(bin.resolve("pg_dump")) >= server) {
                return Optional.of(bin);
            }
        }
        return Optional.empty();
    }

    private static int major(Path pgDump) {
        try {
            Process p = new ProcessBuilder(pgDump.toString(), "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);   // pg_dump (PostgreSQL) 15.8 ...
            p.waitFor(30, TimeUnit.SECONDS);
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\) (\\d+)").matcher(out);
            return m.find() ? Integer.parseInt(m.group(1)) : -1;
        } catch (IOException | InterruptedException e) {
            return -1;
        }
    }

    /** Runs a client tool against {@code db} (none: {@code null}) as its superuser, failing with the tool's output. */
    private static void run(Path bin, PostgresEndpoint db, String tool, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(bin.resolve(tool).toString()));
        if (db != null) {
            command.addAll(List.of("--host=" + db.host(), "--port=" + db.port(), "--username=" + db.user(),
                    "--dbname=" + db.database()));
        }
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("PGPASSWORD", db == null || db.password() == null ? "" : db.password());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("%s failed: %s", tool, out).isZero();
    }

    private static EntityManagerFactory factory(TestDatabase db) {
        return Persistence.createEntityManagerFactory("audit-test", Map.of(
                "jakarta.persistence.nonJtaDataSource", as(db, PostgresRoles.RUNTIME),
                "eclipselink.session-event-listener", RowSecurityListener.class.getName(),
                "eclipselink.session-name", "backup-" + UUID.randomUUID()));
    }

    private static DataSource as(TestDatabase db, String role) {
        return db.endpoint().withUser(role, "").dataSource();
    }

    private static <R> R inTx(EntityManager em, Function<EntityManager, R> work) {
        return Transactions.inTransaction(em, work);
    }
}
