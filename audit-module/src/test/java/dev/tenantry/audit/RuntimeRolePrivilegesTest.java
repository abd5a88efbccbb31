package dev.tenantry.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantry.embedded.TestDatabase;
import dev.tenantry.persistence.jobs.JobRuns;
import dev.tenantry.persistence.migration.MigrationRunner;
import dev.tenantry.serverconfig.PostgresRoles;
import dev.tenantry.tenancy.RowSecurity;
import dev.tenantry.tenancy.TenantId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What the runtime role ({@code tenantry_app}) can and cannot do to Tenantry's own objects, on real
 * PostgreSQL with the README's two roles, migrations run as {@code tenantry_owner} and row-level
 * security on: the audit trail is append-only for it, and nothing it can write steers the
 * owner-privileged (SECURITY DEFINER) functions Tenantry ships.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RuntimeRolePrivilegesTest {

    private static final TenantId A = new TenantId(UUID.fromString("0191d6a0-0000-7000-8000-0000000003aa"));
    private static final TenantId B = new TenantId(UUID.fromString("0191d6a0-0000-7000-8000-0000000003bb"));
    /** Every SECURITY DEFINER function Tenantry ships, with why it needs the owner's rights. */
    private static final List<String> DEFINER_FUNCTIONS = List.of(
            "tenantry_erase_activities",                // erases a deleted organization's trail (offboarding)
            "tenantry_publish_only_in_live_organization", // locks the organization FOR SHARE while its content publishes
            "tenantry_purge_activities",                // deletes activities by age: the runtime role may not delete them
            "tenantry_unpublish_organization",          // the same as the next, called by OrganizationService on Citus
            "tenantry_unpublish_organization_content"); // unpublishes every tenant's content of a deleted organization

    private TestDatabase db;

    @BeforeAll
    void rolesAndMigrations() throws SQLException {
        db = TestDatabase.create(getClass().getSimpleName());
        try (Connection c = db.endpoint().connect()) {
            PostgresRoles.apply(c);
        }
        new MigrationRunner(as(PostgresRoles.OWNER), getClass().getClassLoader(), List.of("classpath:db/migration")).migrate();
        owner("SELECT tenantry_enable_row_security('activities')");
        // a publishable table of the application, and one that is not publishable but looks like it
        for (String table : List.of("stories", "ledger")) {
            owner("CREATE TABLE " + table + " (id uuid PRIMARY KEY, organization_id uuid REFERENCES organizations (id)"
                    + " ON DELETE SET NULL, status text NOT NULL, published_at timestamptz)");
        }
        owner("SELECT tenantry_make_publishable('stories')");
    }

    @AfterAll
    void drop() {
        db.close();
    }

    @BeforeEach
    void twoOrganizationsWithContentAndTrail() {
        db.execute("DELETE FROM stories");
        db.execute("DELETE FROM ledger");
        db.execute("DELETE FROM activities");
        db.execute("DELETE FROM organizations");
        db.execute("DELETE FROM job_runs");
        for (TenantId t : List.of(A, B)) {
            db.execute("INSERT INTO organizations VALUES ('" + t + "', now(), now(), 1, NULL, 'Org', 'org-"
                    + t.value().toString().substring(34) + "')");
            db.execute("INSERT INTO stories VALUES (gen_random_uuid(), '" + t + "', 'published', now())");
            db.execute("INSERT INTO ledger VALUES (gen_random_uuid(), '" + t + "', 'published', now())");
            for (int days : new int[] {400, 400, 2}) {
                db.execute("INSERT INTO activities (organization_id, id, created_at, updated_at, actor, type)"
                        + " VALUES ('" + t + "', gen_random_uuid(), now() - interval '" + days + " days', now(), 'x', 'test.old')");
            }
        }
    }

    @Test
    void theRuntimeRoleAppendsToTheTrailButCannotChangeOrDeleteIt() throws SQLException {
        try (Connection app = as(PostgresRoles.RUNTIME).getConnection()) {
            try (PreparedStatement insert = RowSecurity.prepareStatement(app, A, "INSERT INTO activities"
                    + " (organization_id, id, created_at, updated_at, actor, type) VALUES (?, gen_random_uuid(), now(), now(), 'app', 'test.new')")) {
                insert.setObject(1, A.value());
                assertThat(insert.executeUpdate()).isEqualTo(1);
            }
            for (String change : List.of("UPDATE activities SET actor = 'forged'", "DELETE FROM activities",
                    "TRUNCATE activities")) {
                assertThatThrownBy(() -> {
                    try (PreparedStatement ps = RowSecurity.prepareStatement(app, A, change)) {
                        ps.execute();
                    }
                }).as(change).isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42501"));
            }
        }
        assertThat(db.rows("select count(*) from activities where actor = 'forged'")).containsExactly("0");
        assertThat(db.rows("select count(*) from activities")).containsExactly("7");
    }

    @Test
    void retentionDeletesOnlyByAgeAndOnlyTheOrganizationsOwnRows() throws Exception {
        long removed = AuditContext.callAs("system:retention", null,
                () -> new ActivityRetention(as(PostgresRoles.RUNTIME)).purge(A, Duration.ofDays(365), 1));

        assertThat(removed).isEqualTo(2);
        assertThat(db.rows("select type from activities where organization_id = '" + A + "' order by type"))
                .containsExactly(ActivityTypes.ACTIVITIES_PURGED, "test.old");
        assertThat(db.rows("select count(*) from activities where organization_id = '" + B + "'")).containsExactly("3");
        // younger than a day: refused by the API and by the function itself
        assertThatThrownBy(() -> new ActivityRetention(as(PostgresRoles.RUNTIME)).purge(A, Duration.ofHours(23), 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least PT24H");
        try (Connection app = as(PostgresRoles.RUNTIME).getConnection();
             PreparedStatement ps = app.prepareStatement("SELECT tenantry_purge_activities(?, 0, 1000)")) {
            ps.setObject(1, A.value());
            assertThatThrownBy(ps::executeQuery).isInstanceOfSatisfying(SQLException.class,
                    e -> assertThat(e.getSQLState()).isEqualTo("22023"));
        }
        assertThat(db.rows("select count(*) from activities where created_at > now() - interval '3 days'")).containsExactly("3");
        // the run is recorded for its tenant; the refused calls recorded nothing
        assertThat(db.rows("select job || ' ' || tenant_id || ' ' || status || ' ' || rows_processed from job_runs"))
                .containsExactly(JobRuns.ACTIVITY_RETENTION + " " + A + " SUCCEEDED 2");
    }

    @Test
    void retentionOverEveryOrganizationIsOneRecordedRunAsTheRuntimeRole() throws Exception {
        DataSource app = as(PostgresRoles.RUNTIME);
        Optional<Long> removed = new JobRuns(app).callExclusively(JobRuns.ACTIVITY_RETENTION, null, Duration.ZERO,
                run -> AuditContext.callAs("system:retention", null,
                        () -> new ActivityRetention(app).purgeAll(Duration.ofDays(365), 1, run)));

        assertThat(removed).contains(4L);
        for (TenantId t : List.of(A, B)) {
            assertThat(db.rows("select type || ' ' || actor from activities where organization_id = '" + t + "' order by type"))
                    .containsExactly(ActivityTypes.ACTIVITIES_PURGED + " system:retention", "test.old x");
        }
        assertThat(db.rows("select coalesce(tenant_id::text, '-') || ' ' || status || ' ' || rows_processed from job_runs"))
                .containsExactly("- SUCCEEDED 4");
        // again: nothing is old any more, and no empty activities.purged is written
        assertThat(new ActivityRetention(app).purgeAll(Duration.ofDays(365), 10)).isZero();
        assertThat(db.rows("select count(*) from activities where type = '" + ActivityTypes.ACTIVITIES_PURGED + "'"))
                .containsExactly("2");
        assertThat(db.rows("select count(*) from job_runs")).containsExactly("2");
    }

    @Test
    void theRuntimeRoleCannotSteerThePublishingFunction() throws SQLException {
        try (Connection app = as(PostgresRoles.RUNTIME).getConnection(); Statement s = app.createStatement()) {
            // the registry: readable, not writable
            assertThat(column(s, "SELECT table_name::text FROM tenantry_publishable_tables")).containsExactly("stories");
            for (String write : List.of("INSERT INTO tenantry_publishable_tables VALUES ('ledger')",
                    "DELETE FROM tenantry_publishable_tables", "UPDATE tenantry_publishable_tables SET table_name = 'ledger'",
                    "SELECT tenantry_make_publishable('ledger')")) {
                assertThatThrownBy(() -> s.execute(write)).as(write).isInstanceOf(SQLException.class);
            }
            // a temporary table cannot stand in for the registry either
            s.execute("CREATE TEMP TABLE tenantry_publishable_tables (table_name regclass)");
            s.execute("INSERT INTO pg_temp.tenantry_publishable_tables VALUES ('ledger')");
            s.execute("DELETE FROM pg_temp.tenantry_publishable_tables WHERE table_name = 'stories'::regclass");
        }
        // soft-delete A (as its owner would); OrganizationService then calls tenantry_unpublish_organization,
        // which does the trigger's work on Citus and nothing where the trigger ran
        db.execute("UPDATE organizations SET deleted_at = now() WHERE id = '" + A + "'");
        db.execute("SELECT tenantry_unpublish_organization('" + A + "')");
        try (Connection app = as(PostgresRoles.RUNTIME).getConnection(); Statement s = app.createStatement()) {
            app.setAutoCommit(false);
            s.execute("CREATE TEMP TABLE tenantry_publishable_tables (table_name regclass)");
            s.execute("INSERT INTO pg_temp.tenantry_publishable_tables VALUES ('ledger')");
            s.execute("UPDATE organizations SET deleted_at = now() WHERE id = '" + B + "'");
            s.execute("SELECT tenantry_unpublish_organization('" + B + "')");
            app.commit();
        }
        assertThat(db.rows("select organization_id || ':' || status from stories order by status, organization_id"))
                .containsExactly(A + ":draft", B + ":draft");
        assertThat(db.rows("select status from ledger")).containsExactly("published", "published");
    }

    @Test
    void everyDefinerFunctionIsListedAndPinsItsSearchPathWithTemporaryObjectsLast() {
        assertThat(db.rows("SELECT proname FROM pg_proc WHERE prosecdef AND pronamespace = 'public'::regnamespace"
                + " ORDER BY proname")).containsExactlyElementsOf(DEFINER_FUNCTIONS);
        for (String function : DEFINER_FUNCTIONS) {
            assertThat(db.rows("SELECT array_to_string(proconfig, ';') FROM pg_proc WHERE proname = '" + function + "'"))
                    .as(function).containsExactly("search_path=pg_catalog, public, pg_temp");
        }
        // what those functions read or write, the runtime role may at most read or insert
        assertThat(db.rows("SELECT privilege_type FROM information_schema.role_table_grants WHERE grantee = 'tenantry_app'"
                + " AND table_name IN ('tenantry_publishable_tables', 'activities') ORDER BY table_name, privilege_type"))
                .containsExactly("INSERT", "SELECT", "SELECT");
    }

    private void owner(String sql) {
        try (Connection c = as(PostgresRoles.OWNER).getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    private DataSource as(String role) {
        return db.endpoint().withUser(role, "").dataSource();
    }

    private static List<String> column(Statement s, String query) throws SQLException {
        try (var rs = s.executeQuery(query)) {
            List<String> out = new java.util.ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        }
    }
}
