package dev.tenantry.persistence.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantry.embedded.PostgresEndpoint;
import dev.tenantry.embedded.TestDatabase;
import dev.tenantry.persistence.Jdbc;
import dev.tenantry.persistence.migration.MigrationRunner;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

class DatabaseHealthTest {

    @Test
    void notReadyUntilMigrationsAreCurrent() {
        try (TestDatabase db = TestDatabase.create("health")) {
            DataSource ds = Jdbc.dataSource(db.endpoint());
            MigrationRunner runner = new MigrationRunner(ds, getClass().getClassLoader(), List.of("classpath:db/migration"));
            DatabaseHealth health = new DatabaseHealth(ds, runner);

            HealthReport before = health.check();
            runner.migrate();
            HealthReport after = health.check();

            assertThat(before.ready()).isFalse();
            assertThat(before.databaseReachable()).isTrue();
            assertThat(before.problem()).contains("pending");
            assertThat(after.ready()).isTrue();
            assertThat(after.pendingMigrations()).isZero();
        }
    }

    @Test
    void notReadyWhenTheDatabaseDoesNotAnswer() {
        DataSource nowhere = Jdbc.dataSource(new PostgresEndpoint("jdbc:postgresql://127.0.0.1:1/none", "x", ""));
        HealthReport report = new DatabaseHealth(nowhere,
                new MigrationRunner(nowhere, getClass().getClassLoader(), List.of("classpath:db/migration"))).check();
        assertThat(report.ready()).isFalse();
        assertThat(report.databaseReachable()).isFalse();
        assertThat(report.problem()).startsWith("database not reachable");
    }
}
