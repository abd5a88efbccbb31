package dev.tenantry.persistence.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantry.persistence.DatabaseTest;
import dev.tenantry.persistence.Jdbc;
import dev.tenantry.persistence.TenantryException;
import dev.tenantry.persistence.metrics.TenantryMetrics;
import dev.tenantry.persistence.metrics.Timer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Job runs on real PostgreSQL: recorded from start to end, progress visible from another connection
 * while running, failures summarised without values, and a run whose JVM dies (a child process that
 * halts mid-run) found interrupted at the next look while a live run of this JVM stays running.
 */
class JobRunsTest extends DatabaseTest {

    private JobRuns runs;

    @BeforeEach
    void clean() {
        sql("DELETE FROM job_runs");
        runs = new JobRuns(dataSource);
    }

    @Test
    void aSucceedingRunIsRecordedWithItsRowsAndDuration() {
        UUID tenant = UUID.randomUUID();
        long result = runs.call("test.count", tenant, run -> 42L);

        assertThat(result).isEqualTo(42L);
        JobRun run = runs.history("test.count", 10).get(0);
        assertThat(run.status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(run.rowsProcessed()).isEqualTo(42);
        assertThat(run.tenantId()).isEqualTo(tenant);
        assertThat(run.finishedAt()).isAfterOrEqualTo(run.startedAt());
        assertThat(run.error()).isNull();
        assertThat(run.instance()).isEqualTo(JobRuns.instance());
        assertThat(runs.latest()).extracting(JobRun::job).containsExactly("test.count");
    }

    @Test
    void progressIsVisibleToOthersWhileTheRunGoes() {
        runs.run("test.progress", null, run -> {
            run.progress(3, 10);
            assertThat(rows("SELECT status, rows_processed, rows_total FROM job_runs WHERE job = 'test.progress'"))
                    .containsExactly(List.of("RUNNING", "3", "10"));
            assertThat(runs.running()).extracting(JobRun::id).containsExactly(run.id());
            run.progress(10);
        });
        JobRun done = runs.history("test.progress", 1).get(0);
        assertThat(done.rowsProcessed()).isEqualTo(10);
        assertThat(done.rowsTotal()).isEqualTo(10);
        assertThat(runs.running()).isEmpty();
    }

    @Test
    void aFailureIsRecordedWithoutTheValuesTheDriverQuotes() {
        sql("CREATE TABLE IF NOT EXISTS job_secrets (token text PRIMARY KEY)");
        sql("INSERT INTO job_secrets VALUES ('sk_live_secret_4711') ON CONFLICT DO NOTHING");

        assertThatThrownBy(() -> runs.run("test.fails", null, run -> {
            run.progress(1);
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                s.execute("INSERT INTO job_secrets VALUES ('sk_live_secret_4711')");
            } catch (SQLException e) {
                throw new TenantryException("Copying the tokens failed", e);
            }
        })).isInstanceOf(TenantryException.class).hasMessage("Copying the tokens failed");

        JobRun failed = runs.failed(5).get(0);
        assertThat(TenantryMetrics.timer(TenantryMetrics.JOB_DURATION, "", "job", "test.fails", "status", "failed").count())
                .isEqualTo(1);
        assertThat(failed.job()).isEqualTo("test.fails");
        assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
        assertThat(failed.rowsProcessed()).isEqualTo(1);
        assertThat(failed.error()).isEqualTo("TenantryException: Copying the tokens failed <- PSQLException (SQLState 23505)");
        assertThat(failed.error()).doesNotContain("sk_live", "INSERT", "job_secrets");
    }

    @Test
    void aCheckedFailureIsWrappedAndRecorded() {
        assertThatThrownBy(() -> runs.call("test.checked", null, run -> {
            throw new java.io.IOException("/secret/path/of/the/host");
        })).isInstanceOf(TenantryException.class).hasMessageNotContaining("/secret");
        assertThat(runs.history("test.checked", 1).get(0).error()).isEqualTo("IOException");
    }

    @Test
    void aRunWhoseServerDiesIsFoundInterruptedWhileLiveRunsStayRunning() throws Exception {
        try (RunningJob live = runs.start("test.live", null)) {
            live.progress(1);
            Process server = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), DyingServer.class.getName(),
                    database.endpoint().jdbcUrl(), database.endpoint().user(), database.endpoint().password())
                    .inheritIO().start();
            assertThat(server.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(server.exitValue()).isEqualTo(DyingServer.HALTED);
            JobRun dead = runs.history("test.dies", 1).get(0);
            assertThat(dead.status()).isEqualTo(JobStatus.RUNNING);
            assertThat(dead.rowsProcessed()).isEqualTo(7);
            assertThat(dead.instance()).isNotEqualTo(JobRuns.instance());

            List<JobRun> marked = List.of();
            Instant giveUp = Instant.now().plusSeconds(30);   // the backend notices the closed socket at once, but asynchronously
            while (marked.isEmpty() && Instant.now().isBefore(giveUp)) {
                marked = runs.markInterrupted();
                Thread.sleep(50);
            }
            assertThat(marked).extracting(JobRun::id).containsExactly(dead.id());
            JobRun interrupted = runs.find(dead.id()).orElseThrow();
            assertThat(interrupted.status()).isEqualTo(JobStatus.INTERRUPTED);
            assertThat(interrupted.finishedAt()).isNotNull();
            assertThat(interrupted.error()).startsWith("Interrupted");
            assertThat(runs.failed(10)).extracting(JobRun::id).contains(dead.id());
            assertThat(runs.find(live.id()).orElseThrow().status()).isEqualTo(JobStatus.RUNNING);
            assertThat(runs.markInterrupted()).isEmpty();
            live.succeeded();
        }
    }

    @Test
    void aKilledConnectionMarksItsRunInterrupted() throws Exception {
        RunningJob run = runs.start("test.killed", null);
        sql("SELECT pg_terminate_backend(pid, 5000) FROM pg_locks WHERE locktype = 'advisory' AND classid = "
                + JobRuns.LOCK_SPACE + " AND pid <> pg_backend_pid()");
        Instant giveUp = Instant.now().plusSeconds(30);
        while (runs.markInterrupted().isEmpty() && Instant.now().isBefore(giveUp)) {
            Thread.sleep(50);
        }
        assertThat(runs.find(run.id()).orElseThrow().status()).isEqualTo(JobStatus.INTERRUPTED);
        assertThatThrownBy(run::succeeded).isInstanceOf(TenantryException.class).hasMessageContaining("SQLState");
        run.close();
    }

    @Test
    void aFailureThatCannotBeRecordedStaysTheFailureAndCarriesWhy() throws Exception {
        RunningJob run = runs.start("test.lost", null);
        sql("SELECT pg_terminate_backend(pid, 5000) FROM pg_locks WHERE locktype = 'advisory' AND classid = "
                + JobRuns.LOCK_SPACE + " AND pid <> pg_backend_pid()");
        IllegalStateException failure = new IllegalStateException("the job's own failure");
        run.failed(failure);   // does not throw: the caller rethrows the job's failure, not the bookkeeping's
        assertThat(failure.getSuppressed()).singleElement().isInstanceOf(TenantryException.class);
        run.close();
    }

    @Test
    void aRunClosedBeforeItEndedCountsAsFailedAndCannotEndTwice() {
        RunningJob run = runs.start("test.forgotten", null);
        run.close();
        assertThat(runs.history("test.forgotten", 1).get(0).status()).isEqualTo(JobStatus.FAILED);
        assertThatThrownBy(run::succeeded).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void runsRecordedAfterTheFactAndTheTablesOwnRetention() {
        Instant start = Instant.now().minus(Duration.ofDays(40));
        Timer succeeded = TenantryMetrics.timer(TenantryMetrics.JOB_DURATION, "", "job", "test.old", "status", "succeeded");
        Timer failed = TenantryMetrics.timer(TenantryMetrics.JOB_DURATION, "", "job", "test.old", "status", "failed");
        long succeededBefore = succeeded.count();
        double secondsBefore = succeeded.totalSeconds();
        runs.record("test.old", null, start, start.plusSeconds(3), 5, null);
        runs.record("test.old", null, start.plusSeconds(10), start.plusSeconds(12), 0,
                new TenantryException("Seed 'x' failed"));
        runs.call("test.new", null, run -> 1);
        // the metrics endpoint sees each run with its duration, failures apart
        assertThat(succeeded.count()).isEqualTo(succeededBefore + 1);
        assertThat(succeeded.totalSeconds() - secondsBefore).isEqualTo(3.0);
        assertThat(failed.count()).isEqualTo(1);
        assertThat(TenantryMetrics.timer(TenantryMetrics.JOB_DURATION, "", "job", "test.new", "status", "succeeded").count())
                .isEqualTo(1);

        assertThat(runs.history("test.old", 10)).extracting(JobRun::status)
                .containsExactly(JobStatus.FAILED, JobStatus.SUCCEEDED);
        assertThat(runs.history("test.old", 10).get(1).duration()).isEqualTo(Duration.ofSeconds(3));
        assertThat(runs.deleteOlderThan(Duration.ofDays(30))).isEqualTo(2);
        assertThat(runs.latest()).extracting(JobRun::job).containsExactly("test.new");
    }

    @Test
    void badArgumentsAreRefusedWithoutARow() {
        assertThatThrownBy(() -> runs.start("", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> runs.start("x".repeat(201), null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> runs.failed(0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(rows("SELECT count(*) FROM job_runs")).containsExactly(List.of("0"));
    }

    @Test
    void twoServersWhoseTimersFireTogetherRunAScheduledJobOnce() throws Exception {
        java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(2);
        java.util.concurrent.atomic.AtomicInteger ran = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.ExecutorService servers = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            List<java.util.concurrent.Future<java.util.Optional<Integer>>> results = new java.util.ArrayList<>();
            for (int server = 0; server < 2; server++) {
                results.add(servers.submit(() -> {
                    together.await();
                    return new JobRuns(dataSource).callExclusively("test.nightly", null, Duration.ofHours(1), run -> {
                        Thread.sleep(300);   // long enough for the other server's timer to fire meanwhile
                        return ran.incrementAndGet();
                    });
                }));
            }
            long skipped = 0;
            for (var f : results) {
                skipped += f.get().isEmpty() ? 1 : 0;
            }
            assertThat(skipped).isEqualTo(1);
        } finally {
            servers.shutdownNow();
        }
        assertThat(ran).hasValue(1);
        assertThat(runs.history("test.nightly", 10)).hasSize(1);
        // a timer firing a little later: the run of an hour ago is recent enough, nothing runs
        assertThat(runs.callExclusively("test.nightly", null, Duration.ofHours(1), run -> 1)).isEmpty();
        // once the period has passed (here: zero), it runs again; no lock is left behind
        assertThat(runs.callExclusively("test.nightly", null, Duration.ZERO, run -> 5)).contains(5);
        assertThat(runs.history("test.nightly", 10)).hasSize(2);
        assertThat(rows("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'")).containsExactly(List.of("0"));
    }

    @Test
    void aFailedRunDoesNotCountAsRecentSoTheNextTimerRetries() {
        assertThatThrownBy(() -> runs.callExclusively("test.flaky", null, Duration.ofHours(1), run -> {
            throw new IllegalStateException("boom");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(runs.callExclusively("test.flaky", null, Duration.ofHours(1), run -> 3)).contains(3);
        assertThat(runs.history("test.flaky", 5)).extracting(JobRun::status)
                .containsExactly(JobStatus.SUCCEEDED, JobStatus.FAILED);
    }

    /** A "server" that starts a run, reports progress and dies without a word (no finally, no shutdown hook). */
    public static final class DyingServer {
        static final int HALTED = 57;

        public static void main(String[] args) {
            PGSimpleDataSource ds = new PGSimpleDataSource();
            ds.setUrl(args[0]);
            ds.setUser(args[1]);
            ds.setPassword(args[2]);
            RunningJob run = new JobRuns(ds).start("test.dies", null);
            run.progress(7, 100);
            Runtime.getRuntime().halt(HALTED);
        }
    }
}
