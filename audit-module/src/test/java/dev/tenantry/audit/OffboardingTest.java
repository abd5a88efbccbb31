package dev.tenantry.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantry.crypto.ColumnEncryption;
import dev.tenantry.crypto.Encryption;
import dev.tenantry.crypto.KeyRing;
import dev.tenantry.crypto.Place;
import dev.tenantry.embedded.TestDatabase;
import dev.tenantry.embedded.Transactions;
import dev.tenantry.persistence.TenantryException;
import dev.tenantry.persistence.jobs.JobRuns;
import dev.tenantry.persistence.migration.MigrationRunner;
import dev.tenantry.persistence.repository.Repository;
import dev.tenantry.serverconfig.PostgresRoles;
import dev.tenantry.tenancy.AccessDeniedException;
import dev.tenantry.tenancy.OrganizationNotFoundException;
import dev.tenantry.tenancy.OrganizationOffboarding.ErasureReport;
import dev.tenantry.tenancy.OrganizationOffboarding;
import dev.tenantry.tenancy.OrganizationService;
import dev.tenantry.tenancy.Role;
import dev.tenantry.tenancy.RowSecurityListener;
import dev.tenantry.tenancy.TenantEntityManagers;
import dev.tenantry.tenancy.TenantId;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Export and erasure of one organization, as the runtime role under row-level security, on the audit
 * test model (an encrypted column, soft-deleted rows, memberships of every role, the trail): the export
 * holds every row of that organization in every tenant table and no other's, ciphertext unless asked to
 * decrypt; the erasure is refused to anyone but an OWNER without a change, removes every row of the
 * organization from every table that has an {@code organization_id} (checked from the catalog), leaves
 * the other organization's rows as they were, is recorded, and, stopped half-way, continues when run
 * again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OffboardingTest {

    private static final Set<String> ENCRYPTED = Set.of("invoices.secret");

    private TestDatabase db;
    private EntityManagerFactory emf;
    private OrganizationOffboarding offboarding;
    private TenantId a;
    private TenantId b;

    @BeforeAll
    void aMigratedDatabase() throws SQLException {
        Encryption.install(KeyRing.generated());
        db = TestDatabase.create("offboarding");
        try (Connection c = db.endpoint().connect()) {
            PostgresRoles.apply(c);
        }
        new MigrationRunner(as(PostgresRoles.OWNER), getClass().getClassLoader(), List.of("classpath:db/migration")).migrate();
        emf = Persistence.createEntityManagerFactory("audit-test", Map.of(
                "jakarta.persistence.nonJtaDataSource", as(PostgresRoles.RUNTIME),
                "eclipselink.session-event-listener", RowSecurityListener.class.getName(),
                "eclipselink.session-name", "offboarding-" + UUID.randomUUID()));
        offboarding = new OrganizationOffboarding(as(PostgresRoles.RUNTIME));
    }

    /** Each test its own two organizations (the ones of earlier tests stay beside them, as in production). */
    @BeforeEach
    void twoOrganizations() {
        a = organization("olivia", 5);
        b = organization("otto", 3);
    }

    @AfterAll
    void drop() {
        Encryption.reset();
        if (emf != null) {
            emf.close();
        }
        db.close();
    }

    @Test
    void theExportHoldsEveryRowOfTheOrganizationAndNoOther() throws SQLException {
        StringWriter raw = new StringWriter();
        long rows = offboarding.export(a, "ada", raw);   // ADMIN

        List<String> all = raw.toString().lines().toList();
        assertThat(all).hasSize((int) rows + 1);
        assertThat(all.get((int) rows)).isEqualTo("{\"end\":{\"organization\":\"" + a + "\",\"rows\":" + rows + "}}");
        List<String> lines = all.subList(0, (int) rows);
        long expected = 1;   // the organization's own row
        for (String table : tenantTables()) {
            expected += Long.parseLong(db.rows("SELECT count(*) FROM " + table + " WHERE organization_id = '" + a + "'").get(0));
        }
        assertThat(rows).isEqualTo(expected);
        assertThat(lines).allSatisfy(line -> assertThat(line).contains(a.toString()).doesNotContain(b.toString()));
        assertThat(lines.get(0)).startsWith("{\"table\":\"organizations\"");
        assertThat(lines).anyMatch(l -> l.startsWith("{\"table\":\"invoices\"") && l.contains("\"deleted_at\":null"))
                .anyMatch(l -> l.startsWith("{\"table\":\"invoices\"") && !l.contains("\"deleted_at\":null"))
                .anyMatch(l -> l.startsWith("{\"table\":\"activities\""))
                .anyMatch(l -> l.startsWith("{\"table\":\"memberships\"") && l.contains("\"VIEWER\""));
        assertThat(raw.toString()).contains("tnc2:").doesNotContain("secret-of-");
        for (String line : lines) {   // every line is JSON, as PostgreSQL reads it
            assertThat(db.rows("SELECT jsonb_typeof(" + literal(line) + "::jsonb -> 'row')")).containsExactly("object");
        }

        ColumnEncryption encryption = Encryption.columns();
        StringWriter opened = new StringWriter();
        offboarding.export(a, "olivia", opened, (table, column, org, stored) -> ENCRYPTED.contains(table + "." + column)
                ? encryption.decrypt((String) stored, Place.of(table, column).inTenant(org.value())) : stored);
        assertThat(opened.toString()).contains("secret-of-" + a + "-0").doesNotContain("tnc2:").doesNotContain(b.toString());
        assertThat(db.rows("SELECT job || ' ' || status || ' ' || rows_processed FROM job_runs WHERE tenant_id = '" + a + "'"))
                .containsOnly(JobRuns.ORGANIZATION_EXPORT + " SUCCEEDED " + rows);
    }

    @Test
    void anExportCutOffMidwayHasNoEndLineAndItsRunFailed() throws SQLException {
        // the reader's side gone after three rows (a client hanging up; or the database failing: the same
        // for the reader of what was sent): what was written holds no end line, so nobody takes it for whole
        StringWriter sent = new StringWriter();
        java.io.Writer failing = new java.io.Writer() {
            private int lines;

            @Override
            public void write(char[] chars, int offset, int length) throws java.io.IOException {
                String text = new String(chars, offset, length);
                if (text.endsWith("\n") && ++lines > 3) {
                    throw new java.io.IOException("connection reset");
                }
                sent.write(text);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        assertThatThrownBy(() -> offboarding.export(a, "olivia", failing)).hasRootCauseInstanceOf(java.io.IOException.class);
        assertThat(sent.toString().lines().toList()).hasSize(3).noneMatch(l -> l.startsWith("{\"end\""));
        assertThat(db.rows("SELECT status FROM job_runs WHERE tenant_id = '" + a + "' AND job = '"
                + JobRuns.ORGANIZATION_EXPORT + "' ORDER BY started_at DESC LIMIT 1")).containsExactly("FAILED");
    }

    @Test
    void onlyAdminsExportAndOnlyOwnersEraseAndARefusalChangesNothing() {
        Map<String, String> before = everything();
        assertThatThrownBy(() -> offboarding.export(a, "mia", new StringWriter())).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> offboarding.export(a, "otto", new StringWriter()))   // B's owner, no member of A
                .isInstanceOf(OrganizationNotFoundException.class);
        assertThatThrownBy(() -> offboarding.export(a, null, new StringWriter())).isInstanceOf(OrganizationNotFoundException.class);
        for (String weaker : List.of("ada", "mia", "vic")) {
            assertThatThrownBy(() -> offboarding.erase(a, weaker, 10)).as(weaker).isInstanceOf(AccessDeniedException.class)
                    .hasMessageContaining("OWNER");
        }
        assertThatThrownBy(() -> offboarding.erase(a, "otto", 10)).isInstanceOf(OrganizationNotFoundException.class);
        assertThatThrownBy(() -> offboarding.erase(a, "olivia", 0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(everything()).isEqualTo(before);
    }

    @Test
    void erasureLeavesNoRowOfTheOrganizationInAnyTableAndTheOtherUntouched() throws SQLException {
        Map<String, String> otherBefore = rowsOf(b);

        ErasureReport report = offboarding.erase(a, "olivia", 2);

        for (String table : tenantTables()) {
            assertThat(db.rows("SELECT count(*) FROM " + table + " WHERE organization_id = '" + a + "'")).as(table).containsExactly("0");
        }
        assertThat(db.rows("SELECT count(*) FROM organizations WHERE id = '" + a + "'")).containsExactly("0");
        assertThat(rowsOf(b)).isEqualTo(otherBefore);
        assertThat(report.rowsByTable()).containsKeys("invoices", "activities", "memberships", "organizations");
        assertThat(report.rowsByTable().get("memberships")).isEqualTo(4);
        assertThat(db.rows("SELECT status || ' ' || rows_processed || ' ' || coalesce(error, '-') FROM job_runs WHERE id = '"
                + report.run() + "'")).containsExactly("SUCCEEDED " + report.total() + " -");
        // erased: there is nothing to erase or export any more, for anyone
        assertThatThrownBy(() -> offboarding.erase(a, "olivia", 2)).isInstanceOf(OrganizationNotFoundException.class);
        assertThatThrownBy(() -> offboarding.export(a, "olivia", new StringWriter())).isInstanceOf(OrganizationNotFoundException.class);
        // B still works through the application
        long left = as(b, em -> new Repository<>(Invoice.class, em).count());
        assertThat(left).isEqualTo(2);
    }

    @Test
    void twoErasuresOfOneOrganizationAtOnceEraseItOnceAndLeaveNothing() throws Exception {
        Map<String, String> otherBefore = rowsOf(b);
        java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(2);
        java.util.concurrent.ExecutorService owners = java.util.concurrent.Executors.newFixedThreadPool(2);
        List<Object> outcomes = new ArrayList<>();
        try {
            List<java.util.concurrent.Future<Object>> both = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                both.add(owners.submit(() -> {
                    together.await();
                    try {
                        return offboarding.erase(a, "olivia", 1);
                    } catch (OrganizationNotFoundException e) {
                        return e;
                    }
                }));
            }
            for (java.util.concurrent.Future<Object> f : both) {
                outcomes.add(f.get());
            }
        } finally {
            owners.shutdownNow();
        }
        assertThat(outcomes).filteredOn(ErasureReport.class::isInstance).hasSize(1);
        assertThat(outcomes).filteredOn(OrganizationNotFoundException.class::isInstance).hasSize(1);
        for (String table : tenantTables()) {
            assertThat(db.rows("SELECT count(*) FROM " + table + " WHERE organization_id = '" + a + "'")).as(table).containsExactly("0");
        }
        assertThat(db.rows("SELECT count(*) FROM organizations WHERE id = '" + a + "'")).containsExactly("0");
        assertThat(rowsOf(b)).isEqualTo(otherBefore);
        assertThat(db.rows("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'")).containsExactly("0");
    }

    @Test
    void anErasureStoppedHalfWayContinuesWhenRunAgain() throws SQLException {
        Assumptions.assumeTrue(db.rows("SELECT count(*) FROM pg_extension WHERE extname = 'citus'").get(0).equals("0"),
                "a local table referencing a distributed one is not allowed on Citus");
        // something outside the tenant tables still points at one of A's invoices: the erasure must stop there
        owner("CREATE TABLE invoice_references (id uuid PRIMARY KEY, invoice_org uuid, invoice_id uuid,"
                + " FOREIGN KEY (invoice_org, invoice_id) REFERENCES invoices (organization_id, id))");
        db.execute("INSERT INTO invoice_references SELECT gen_random_uuid(), organization_id, id FROM invoices"
                + " WHERE organization_id = '" + a + "' LIMIT 1");

        assertThatThrownBy(() -> offboarding.erase(a, "olivia", 2)).isInstanceOf(TenantryException.class)
                .hasMessageContaining("23503").hasMessageContaining("run the erasure again");
        assertThat(db.rows("SELECT deleted_at IS NOT NULL FROM organizations WHERE id = '" + a + "'")).containsExactly("t");
        assertThat(db.rows("SELECT count(*) FROM memberships WHERE organization_id = '" + a + "'")).containsExactly("4");
        assertThat(db.rows("SELECT status || ' ' || error FROM job_runs WHERE job = '" + JobRuns.ORGANIZATION_ERASURE + "'"
                + " AND tenant_id = '" + a + "'"))
                .singleElement().asString().startsWith("FAILED TenantryException").contains("SQLState 23503");

        db.execute("DROP TABLE invoice_references");
        ErasureReport resumed = offboarding.erase(a, "olivia", 2);
        assertThat(resumed.total()).isPositive();
        for (String table : tenantTables()) {
            assertThat(db.rows("SELECT count(*) FROM " + table + " WHERE organization_id = '" + a + "'")).as(table).containsExactly("0");
        }
        assertThat(db.rows("SELECT count(*) FROM organizations WHERE id = '" + a + "'")).containsExactly("0");
    }

    @Test
    void rowsOfARequestThatFoundTheOrganizationLiveJustBeforeItsErasureAreErasedToo() throws Exception {
        // no foreign key to organizations: only waiting for the request can catch its row
        owner("CREATE TABLE late_notes (id uuid PRIMARY KEY, organization_id uuid NOT NULL, body text NOT NULL)");
        owner("GRANT SELECT, INSERT, DELETE ON late_notes TO " + PostgresRoles.RUNTIME);
        java.util.concurrent.ExecutorService owners = java.util.concurrent.Executors.newSingleThreadExecutor();
        try (Connection request = as(PostgresRoles.RUNTIME).getConnection()) {
            request.setAutoCommit(false);
            // a request resolves the organization ...
            assertThat(rowsIn(request, a, "SELECT count(*) FROM organizations WHERE id = '" + a + "' AND deleted_at IS NULL")).isEqualTo(1);
            java.util.concurrent.Future<ErasureReport> erasure = owners.submit(() -> offboarding.erase(a, "olivia", 2));
            // ... the organization is deleted meanwhile, and the erasure waits for the request ...
            awaitRow("SELECT count(*) FROM organizations WHERE id = '" + a + "' AND deleted_at IS NOT NULL");
            Thread.sleep(300);
            assertThat(erasure).isNotDone();
            // ... which writes its rows and commits
            write(request, a, "INSERT INTO late_notes VALUES (gen_random_uuid(), '" + a + "', 'written late')");
            write(request, a, "INSERT INTO invoices (organization_id, id, created_at, updated_at, version, number, amount_cents)"
                    + " VALUES ('" + a + "', gen_random_uuid(), now(), now(), 1, 'LATE', 1)");
            request.commit();
            ErasureReport report = erasure.get(20, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(report.rowsByTable()).containsEntry("late_notes", 1L);
        } finally {
            owners.shutdownNow();
        }
        try {
            assertErased(a);
        } finally {
            db.execute("DROP TABLE late_notes");
        }
    }

    @Test
    void aRowWrittenAfterTheSweepKeepsTheOrganizationOnlyUntilTheErasureSweepsAgain() throws Exception {
        Assumptions.assumeTrue(db.rows("SELECT count(*) FROM pg_extension WHERE extname = 'citus'").get(0).equals("0"),
                "on Citus the foreign key check of the late row runs on a worker");
        // an erasure that does not wait for requests under way: the foreign key from invoices is what holds
        OrganizationOffboarding impatient = new OrganizationOffboarding(as(PostgresRoles.RUNTIME), java.time.Duration.ZERO);
        java.util.concurrent.ExecutorService owners = java.util.concurrent.Executors.newSingleThreadExecutor();
        try (Connection request = as(PostgresRoles.RUNTIME).getConnection()) {
            request.setAutoCommit(false);
            // not yet committed: the sweep does not see it, its foreign key check holds the organization's row
            write(request, a, "INSERT INTO invoices (organization_id, id, created_at, updated_at, version, number, amount_cents)"
                    + " VALUES ('" + a + "', gen_random_uuid(), now(), now(), 1, 'LATE', 1)");
            java.util.concurrent.Future<ErasureReport> erasure = owners.submit(() -> impatient.erase(a, "olivia", 2));
            awaitRow("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                    + " AND query LIKE '%DELETE FROM organizations WHERE id%'");
            request.commit();
            erasure.get(20, java.util.concurrent.TimeUnit.SECONDS);
        } finally {
            owners.shutdownNow();
        }
        assertErased(a);
    }

    private void assertErased(TenantId org) {
        for (String table : tenantTables()) {
            assertThat(db.rows("SELECT count(*) FROM " + table + " WHERE organization_id = '" + org + "'")).as(table).containsExactly("0");
        }
        assertThat(db.rows("SELECT count(*) FROM organizations WHERE id = '" + org + "'")).containsExactly("0");
    }

    /** Polls (10 s at most) until {@code countSql} counts a row. */
    private void awaitRow(String countSql) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (db.rows(countSql).get(0).equals("0")) {
            assertThat(System.nanoTime() - deadline).as("waited 10 s for: " + countSql).isNegative();
            Thread.sleep(20);
        }
    }

    private static int rowsIn(Connection c, TenantId org, String countSql) throws SQLException {
        try (PreparedStatement ps = dev.tenantry.tenancy.RowSecurity.prepareStatement(c, org, countSql);
             java.sql.ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** Writes as a request of {@code org} does, under row-level security. */
    private static void write(Connection c, TenantId org, String sql) throws SQLException {
        try (PreparedStatement ps = dev.tenantry.tenancy.RowSecurity.prepareStatement(c, org, sql)) {
            ps.executeUpdate();
        }
    }

    /** An organization written through the application: four members of each role, invoices (one deleted), its trail. */
    private TenantId organization(String owner, int invoices) {
        TenantId org = AuditContext.callAs(owner, null, () -> inTx(emf.createEntityManager(), em -> {
            OrganizationService orgs = new OrganizationService(em);
            TenantId id = orgs.create("Org " + owner, "org-" + UUID.randomUUID().toString().substring(0, 8), owner).tenantId();
            if (owner.equals("olivia")) {
                orgs.invite(id, "ada", Role.ADMIN, owner);
                orgs.invite(id, "mia", Role.MEMBER, owner);
                orgs.invite(id, "vic", Role.VIEWER, owner);
            }
            return id;
        }));
        List<UUID> ids = AuditContext.callAs(owner, null, () -> inTx(TenantEntityManagers.open(emf, org), em -> {
            List<UUID> made = new ArrayList<>();
            for (int i = 0; i < invoices; i++) {
                made.add(new Repository<>(Invoice.class, em).save(new Invoice("INV-" + i, i, "secret-of-" + org + "-" + i, null)).getId());
            }
            return made;
        }));
        AuditContext.runAs(owner, null, () -> inTx(TenantEntityManagers.open(emf, org), em -> {
            new Repository<>(Invoice.class, em).deleteById(ids.get(0));
            return null;
        }));
        return org;
    }

    /** Every table of the schema with an organization_id column, from the catalog (as the superuser sees it). */
    private List<String> tenantTables() {
        return db.rows("SELECT c.relname FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid WHERE a.attname = 'organization_id'"
                + " AND NOT a.attisdropped AND c.relkind IN ('r', 'p') AND c.relnamespace = 'public'::regnamespace ORDER BY 1");
    }

    /** One organization's rows in every tenant table, digested per table. */
    private Map<String, String> rowsOf(TenantId org) {
        Map<String, String> rows = new TreeMap<>();
        for (String table : tenantTables()) {
            rows.put(table, db.rows("SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '')"
                    + " FROM " + table + " t WHERE organization_id = '" + org + "'").get(0));
        }
        rows.put("organizations", db.rows("SELECT o::text FROM organizations o WHERE id = '" + org + "'").toString());
        return rows;
    }

    /** Every table of the schema, digested. */
    private Map<String, String> everything() {
        Map<String, String> rows = new TreeMap<>();
        for (String table : db.rows("SELECT relname FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace"
                + " AND relname <> 'job_runs' ORDER BY 1")) {
            rows.put(table, db.rows("SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '')"
                    + " FROM " + table + " t").get(0));
        }
        return rows;
    }

    private <R> R as(TenantId tenant, Function<EntityManager, R> work) {
        return inTx(TenantEntityManagers.open(emf, tenant), work);
    }

    private static <R> R inTx(EntityManager em, Function<EntityManager, R> work) {
        return Transactions.inTransaction(em, work);
    }

    private void owner(String sql) throws SQLException {
        try (Connection c = as(PostgresRoles.OWNER).getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.execute();
        }
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    private DataSource as(String role) {
        return db.endpoint().withUser(role, "").dataSource();
    }
}
