package dev.tenantry.persistence.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantry.embedded.TestDatabase;
import dev.tenantry.persistence.Jdbc;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

class MigrationRunnerTest {

    private static final ClassLoader LOADER = MigrationRunnerTest.class.getClassLoader();

    @Test
    void appliesPluginMigrationsThenApplicationMigrationsOnce() {
        try (TestDatabase db = TestDatabase.create("migrate")) {
            DataSource ds = db.endpoint().dataSource();
            MigrationRunner runner = new MigrationRunner(ds, LOADER, List.of("classpath:db/migration"));
            assertThat(runner.pendingCount()).isGreaterThanOrEqualTo(2);

            MigrationReport first = runner.migrate();
            MigrationReport second = runner.migrate();

            assertThat(first.pluginApplied()).isGreaterThanOrEqualTo(1);
            assertThat(first.applicationApplied()).isEqualTo(1);
            assertThat(second.pluginApplied()).isZero();
            assertThat(second.applicationApplied()).isZero();
            assertThat(runner.pendingCount()).isZero();
            assertThat(Jdbc.rows(ds, "select to_regclass('app_settings') is not null, to_regclass('books') is not null,"
                    + " to_regclass('tenantry_schema_history') is not null, to_regclass('flyway_schema_history') is not null"))
                    .containsExactly(List.of("t", "t", "t", "t"));
        }
    }

    @Test
    void failingMigrationAbortsNamingItAndLeavesNoPartialChange() {
        try (TestDatabase db = TestDatabase.create("failing")) {
            DataSource ds = db.endpoint().dataSource();
            MigrationRunner runner = new MigrationRunner(ds, LOADER, List.of("classpath:db/failing"));

            assertThatThrownBy(runner::migrate)
                    .isInstanceOfSatisfying(MigrationFailedException.class,
                            e -> assertThat(e.migration()).isEqualTo("V2 (broken)"))
                    .hasMessageContaining("application migration V2 (broken)")
                    .hasMessageContaining("rolled back")
                    .hasMessageContaining("42P01");

            // V1 stays applied; V2's first statement (before the failing one) was rolled back with it
            assertThat(Jdbc.rows(ds, "select to_regclass('fine') is not null, to_regclass('half_done') is null"))
                    .containsExactly(List.of("t", "t"));
        }
    }

    @Test
    void changedAppliedMigrationAbortsNamingIt() {
        try (TestDatabase db = TestDatabase.create("checksum")) {
            DataSource ds = db.endpoint().dataSource();
            new MigrationRunner(ds, LOADER, List.of("classpath:db/checksum-original")).migrate();

            MigrationRunner edited = new MigrationRunner(ds, LOADER, List.of("classpath:db/checksum-edited"));

            assertThatThrownBy(edited::migrate)
                    .isInstanceOfSatisfying(MigrationFailedException.class,
                            e -> assertThat(e.migration()).startsWith("V1 (init)").contains("CHECKSUM_MISMATCH"))
                    .hasMessageContaining("no longer matches");
        }
    }
}
