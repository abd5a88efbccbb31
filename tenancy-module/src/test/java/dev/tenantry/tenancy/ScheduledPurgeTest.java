package dev.tenantry.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantry.embedded.Transactions;
import dev.tenantry.persistence.internal.MaintenanceSchedule;
import dev.tenantry.persistence.jobs.JobRun;
import dev.tenantry.persistence.jobs.JobRuns;
import dev.tenantry.persistence.jobs.JobStatus;
import dev.tenantry.persistence.jobs.RunningJob;
import dev.tenantry.persistence.spi.MaintenanceJob;
import dev.tenantry.tenancy.internal.SoftDeletePurgeJob;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The scheduled soft-delete purge × row-level security × several servers: the runtime role (bound by
 * every policy) through a HikariCP pool, two "servers" whose timers fire at once. Rows deleted past
 * the retention go, tenant by tenant; younger deleted rows, live rows and the other tenant's rows
 * stay; one server runs it, its run recorded. A purge that forgot the tenant scope would delete
 * nothing here (the policies hide every row), and the row counts would show it.
 */
class ScheduledPurgeTest {

    private static final UUID A = UUID.fromString("0191d6a0-0000-7000-8000-0000000005a1");
    private static final UUID B = UUID.fromString("0191d6a0-0000-7000-8000-0000000005b1");

    private RowSecurityDatabase rls;

    @BeforeEach
    void twoTenantsWithDeletedRowsOfSeveralAges() {
        rls = new RowSecurityDatabase("scheduled_purge", 4);
        for (UUID org : List.of(A, B)) {
            rls.db.execute("INSERT INTO organizations VALUES ('" + org + "', now(), now(), 1, NULL, 'Org', 'org-"
                    + org.toString().substring(33) + "')");
        }
        project(A, "a-old", "now() - interval '40 days'");
        project(A, "a-young", "now() - interval '1 day'");
        project(A, "a-live", "NULL");
        project(B, "b-old", "now() - interval '31 days'");
        project(B, "b-live", "NULL");
    }

    @AfterEach
    void drop() {
        rls.close();
    }

    @Test
    void oneOfTwoServersPurgesEveryTenantsExpiredRowsAndRecordsIt() throws Exception {
        MaintenanceJob purge = new MaintenanceJob() {
            @Override
            public String name() {
                return JobRuns.SOFT_DELETE_PURGE;
            }

            @Override
            public void run(RunningJob run) {
                SoftDeletePurgeJob.purge(rls.emf, Duration.ofDays(30), 1, run, ScheduledPurgeTest.this::inTransaction);
            }
        };
        CyclicBarrier together = new CyclicBarrier(2);
        ExecutorService servers = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> ticks = new ArrayList<>();
            for (int server = 0; server < 2; server++) {
                ticks.add(servers.submit(() -> {
                    together.await();
                    MaintenanceSchedule.tick(List.of(purge), new JobRuns(rls.appPool), Duration.ofHours(1));
                    return null;
                }));
            }
            for (Future<?> tick : ticks) {
                tick.get();
            }
        } finally {
            servers.shutdownNow();
        }

        assertThat(rls.db.rows("SELECT name FROM projects ORDER BY name")).containsExactly("a-live", "a-young", "b-live");
        List<JobRun> runs = new JobRuns(rls.appPool).history(JobRuns.SOFT_DELETE_PURGE, 10);
        assertThat(runs).hasSize(1);
        assertThat(runs.get(0).status()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(runs.get(0).rowsProcessed()).isEqualTo(2);
        // the pool's connections carry no advisory lock back into the pool
        assertThat(rls.db.rows("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'")).containsExactly("0");

        // the next period, a day on: nothing is due, the run says 0
        MaintenanceSchedule.tick(List.of(purge), new JobRuns(rls.appPool), Duration.ZERO);
        assertThat(new JobRuns(rls.appPool).history(JobRuns.SOFT_DELETE_PURGE, 1).get(0).rowsProcessed()).isZero();
        assertThat(rls.db.rows("SELECT count(*) FROM projects")).containsExactly("3");
    }

    private void inTransaction(TenantId tenant, java.util.function.Consumer<EntityManager> work) {
        Transactions.runInTransaction(tenant == null ? rls.emf.createEntityManager() : TenantEntityManagers.open(rls.emf, tenant), work);
    }

    private void project(UUID org, String name, String deletedAt) {
        rls.db.execute("INSERT INTO projects (organization_id, id, created_at, updated_at, version, deleted_at, name)"
                + " VALUES ('" + org + "', gen_random_uuid(), now(), now(), 1, " + deletedAt + ", '" + name + "')");
    }
}
