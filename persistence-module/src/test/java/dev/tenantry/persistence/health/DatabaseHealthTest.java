package dev.tenantry.persistence.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantry.embedded.PostgresEndpoint;
import dev.tenantry.embedded.TestDatabase;
import dev.tenantry.persistence.migration.MigrationRunner;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

class DatabaseHealthTest {

    @Test
    void notReadyUntilMigrationsAreCurrent() {
        try (TestDatabase db = TestDatabase.create("health")) {
            DataSource ds = db.endpoint().dataSource();
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
        DataSource nowhere = new PostgresEndpoint("jdbc:postgresql://127.0.0.1:1/none", "x", "").dataSource();
        HealthReport report = new DatabaseHealth(nowhere,
                new MigrationRunner(nowhere, getClass().getClassLoader(), List.of("classpath:db/migration"))).check();
        assertThat(report.ready()).isFalse();
        assertThat(report.databaseReachable()).isFalse();
        assertThat(report.problem()).startsWith("database not reachable");
    }

    /**
     * A server that accepts connections and never answers (a frozen database, a partition without a
     * reset): the JDBC driver waits as long as the connection lives; the check answers in time, and
     * checks that come meanwhile share the one pending question instead of piling up threads.
     */
    @Test
    @org.junit.jupiter.api.Timeout(60)   // before the fix, a check waited as long as the connection lived
    void aDatabaseThatNeverAnswersIsNotReadyWithinTheTimeout() throws Exception {
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            List<java.net.Socket> accepted = new java.util.concurrent.CopyOnWriteArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept());   // read nothing, answer nothing
                    }
                } catch (java.io.IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            DataSource frozen = new PostgresEndpoint("jdbc:postgresql://127.0.0.1:" + silent.getLocalPort()
                    + "/app?sslmode=disable", "x", "").dataSource();   // no SSL request, which the driver gives up on after 5 s
            DatabaseHealth health = new DatabaseHealth(frozen,
                    new MigrationRunner(frozen, getClass().getClassLoader(), List.of("classpath:db/migration")));

            for (int i = 0; i < 3; i++) {
                long start = System.nanoTime();
                HealthReport report = health.check();
                long millis = (System.nanoTime() - start) / 1_000_000;
                assertThat(report.ready()).isFalse();
                assertThat(report.databaseReachable()).isFalse();
                assertThat(report.problem()).isEqualTo("database did not answer within 3 s");
                assertThat(millis).isBetween(DatabaseHealth.TIMEOUT.toMillis() - 100, DatabaseHealth.TIMEOUT.toMillis() + 3_000);
            }
            assertThat(accepted).as("connections: one question pending, not one per check").hasSize(1);
            for (java.net.Socket s : accepted) {
                s.close();
            }
        }
    }
}
