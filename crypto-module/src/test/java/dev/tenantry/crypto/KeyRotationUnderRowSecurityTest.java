package dev.tenantry.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantry.embedded.TestDatabase;
import dev.tenantry.persistence.migration.MigrationRunner;
import dev.tenantry.serverconfig.PostgresRoles;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Crypto × row-level security: the README's set-up (two roles, migrations as {@code tenantry_owner},
 * {@code tenantry_enable_row_security} on the tenant table) and the README's rotation command as
 * {@code tenantry_app}. Before issue 15 the rotation saw no row there, rotated nothing and reported
 * "remaining 0" — and an operator who then retired the old key lost every value.
 */
class KeyRotationUnderRowSecurityTest {

    private static final List<UUID> TENANTS = List.of(UUID.fromString("0191d6a0-0000-7000-8000-0000000004a1"),
            UUID.fromString("0191d6a0-0000-7000-8000-0000000004a2"), UUID.fromString("0191d6a0-0000-7000-8000-0000000004a3"));
    private static final int PER_TENANT = 12;
    private final KeyRing v1 = KeyRing.parse("1:" + KeyRingTest.KEY1, null);
    private final KeyRing v1v2 = KeyRing.parse("1:" + KeyRingTest.KEY1 + ",2:" + KeyRingTest.KEY2, null);

    private TestDatabase db;

    @BeforeEach
    void tenantTableUnderRowSecurity() throws SQLException {
        db = TestDatabase.create("rotation_rls");
        try (Connection c = db.endpoint().connect()) {
            PostgresRoles.apply(c);
        }
        new MigrationRunner(as(PostgresRoles.OWNER), getClass().getClassLoader(), List.of()).migrate();
        owner("CREATE TABLE credentials (organization_id uuid NOT NULL REFERENCES organizations (id), id uuid NOT NULL,"
                + " token text, PRIMARY KEY (organization_id, id))");
        owner("SELECT tenantry_enable_row_security('credentials')");
        owner("SELECT tenantry_distribute_table('credentials')");   // on Citus; nothing elsewhere
        owner("CREATE TABLE loose (organization_id uuid, id uuid PRIMARY KEY, token text)");
        owner("SELECT tenantry_enable_row_security('loose')");
        try (Connection c = db.endpoint().connect();
             PreparedStatement ps = c.prepareStatement("INSERT INTO credentials VALUES (?, gen_random_uuid(), ?)")) {
            for (UUID t : TENANTS) {
                db.execute("INSERT INTO organizations VALUES ('" + t + "', now(), now(), 1, NULL, 'Org', 'org-"
                        + t.toString().substring(34) + "')");
                for (int i = 0; i < PER_TENANT; i++) {
                    ps.setObject(1, t);
                    ps.setString(2, i == 5 ? null : v1.sealText(("token-" + t + "-" + i).getBytes(StandardCharsets.UTF_8)));
                    ps.executeUpdate();
                }
            }
        }
        db.execute("UPDATE organizations SET deleted_at = now() WHERE id = '" + TENANTS.get(2) + "'");
    }

    @AfterEach
    void drop() {
        db.close();
    }

    @Test
    void theReadmeCommandRotatesEveryTenantsRowsAsTheRuntimeRole() {
        System.setProperty(CryptoSettings.KEYS, "1:" + KeyRingTest.KEY1 + ",2:" + KeyRingTest.KEY2);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit;
        try {
            exit = RotateKeysCommand.run(new String[] {"--url", db.endpoint().jdbcUrl(), "--user", PostgresRoles.RUNTIME,
                "--batch", "5", "credentials.token"}, new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        } finally {
            System.clearProperty(CryptoSettings.KEYS);
        }

        assertThat(exit).isZero();
        int sealed = TENANTS.size() * (PER_TENANT - 1);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains(sealed + " of " + sealed + " re-encrypted")
                .contains("tenants=3").contains("remaining=0").doesNotContain("token-");
        assertThat(db.rows("select count(*) from credentials where token like 'tnc2:2:%'")).containsExactly(String.valueOf(sealed));
        assertThat(db.rows("select count(*) from credentials where token like 'tnc1:%'")).containsExactly("0");
        // recorded as a job run by the runtime role, with the count and nothing of the values
        assertThat(db.rows("select job || ' ' || status || ' ' || rows_processed || '/' || rows_total || ' '"
                + " || coalesce(error, '-') from job_runs")).containsExactly("tenantry.key-rotation SUCCEEDED "
                + sealed + "/" + sealed + " -");
        // each value is now bound to its tenant: it opens in its own tenant's row and in no other
        for (String row : db.rows("select organization_id || ' ' || token from credentials where token is not null")) {
            String tenant = row.substring(0, 36);
            String token = row.substring(37);
            assertThat(new String(v1v2.openText(token, Place.of("credentials", "token").inTenant(tenant)),
                    StandardCharsets.UTF_8)).startsWith("token-" + tenant);
            String other = TENANTS.get(0).toString().equals(tenant) ? TENANTS.get(1).toString() : TENANTS.get(0).toString();
            assertThatThrownBy(() -> v1v2.openText(token, Place.of("credentials", "token").inTenant(other)))
                    .isInstanceOf(DecryptionFailedException.class).hasMessageNotContaining(token);
        }
    }

    @Test
    void theOwnerBoundByForceRotatesTenantByTenantToo() {
        RotationReport report = new KeyRotation(as(PostgresRoles.OWNER), v1v2)
                .rotate(EncryptedColumn.parse("credentials.token"), 4, line -> { });

        assertThat(report.rotated()).isEqualTo(TENANTS.size() * (PER_TENANT - 1));
        assertThat(report.tenants()).isEqualTo(3);
        assertThat(report.remaining()).isZero();
    }

    @Test
    void aTableWhoseRowsNeedNotBelongToAnOrganizationIsRefusedNotReportedDone() {
        db.execute("INSERT INTO loose VALUES (NULL, gen_random_uuid(), '" + v1.sealText("orphan".getBytes(StandardCharsets.UTF_8)) + "')");

        assertThatThrownBy(() -> new KeyRotation(as(PostgresRoles.RUNTIME), v1v2).rotate(EncryptedColumn.parse("loose.token"),
                10, line -> { })).isInstanceOf(CryptoException.class).hasMessageContaining("refused")
                .hasMessageContaining("BYPASSRLS").hasMessageContaining("tenantry_app");
        assertThat(db.rows("select count(*) from loose where token like 'tnc1:1:%'")).containsExactly("1");
        assertThat(db.rows("select status || ' ' || rows_processed || ' ' || error from job_runs"))
                .containsExactly("FAILED 0 CryptoException");
        // nothing changed by the refused run
        // a role that sees every row (here the superuser) rotates it in one pass
        RotationReport report = new KeyRotation(superuser(), v1v2).rotate(EncryptedColumn.parse("loose.token"), 10, line -> { });
        assertThat(report.rotated()).isEqualTo(1);
        assertThat(report.tenants()).isZero();
    }

    private void owner(String sql) throws SQLException {
        try (Connection c = as(PostgresRoles.OWNER).getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private DataSource superuser() {
        return as(db.endpoint().user());
    }

    private DataSource as(String role) {
        return db.endpoint().withUser(role, "").dataSource();
    }
}
