package dev.tenantry.persistence.internal;

import dev.tenantry.persistence.PersistenceSettings;
import dev.tenantry.persistence.InvalidConfigurationException;
import dev.tenantry.persistence.TenantryException;
import dev.tenantry.persistence.jobs.JobRuns;
import dev.tenantry.persistence.spi.MaintenanceJob;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;

/**
 * Runs the {@link MaintenanceJob} beans every {@link PersistenceSettings#MAINTENANCE_EVERY} on the
 * server's default {@code ManagedScheduledExecutorService}, each through
 * {@link JobRuns#callExclusively}: one server runs a job per period, each run recorded.
 */
@ApplicationScoped
public class MaintenanceSchedule {

    private static final System.Logger LOG = System.getLogger(MaintenanceSchedule.class.getName());
    static final String EXECUTOR = "java:comp/DefaultManagedScheduledExecutorService";

    @Inject
    Instance<MaintenanceJob> jobs;

    private ScheduledFuture<?> schedule;

    /**
     * Schedules the jobs when {@link PersistenceSettings#MAINTENANCE_EVERY} is set. Public for the
     * same reason as {@link TenantryRuntime#start()}.
     *
     * @param dataSource the runtime DataSource, for {@code job_runs}
     */
    public synchronized void start(DataSource dataSource) {
        Optional<Duration> every = every();
        if (every.isEmpty() || schedule != null) {
            return;
        }
        List<MaintenanceJob> all = ModuleBeans.orModules(jobs, MaintenanceJob.class).stream().toList();
        ManagedScheduledExecutorService executor;
        try {
            executor = InitialContext.doLookup(EXECUTOR);
        } catch (NamingException e) {
            throw new TenantryException("Scheduled maintenance (" + PersistenceSettings.MAINTENANCE_EVERY + ") needs the"
                    + " server's default ManagedScheduledExecutorService at " + EXECUTOR + ", which is missing", e);
        }
        long millis = every.get().toMillis();
        Duration notWithin = Duration.ofMillis(millis * 9 / 10);
        JobRuns runs = new JobRuns(dataSource);
        schedule = executor.scheduleAtFixedRate(() -> tick(all, runs, notWithin), millis, millis, TimeUnit.MILLISECONDS);
        LOG.log(Level.INFO, "Maintenance every " + every.get() + ": " + all.stream()
                .map(j -> j.name() + (j.enabled() ? "" : " (not configured)")).toList());
    }

    /**
     * One period: each enabled job, unless another server runs it or ran it recently. Never throws.
     *
     * @param all       the jobs
     * @param runs      where runs are recorded
     * @param notWithin how recent a successful run makes a job skip this period
     */
    public static void tick(List<MaintenanceJob> all, JobRuns runs, Duration notWithin) {
        for (MaintenanceJob job : all) {
            boolean enabled;
            try {
                enabled = job.enabled();
            } catch (RuntimeException e) {   // its configuration went wrong: nothing ran, nothing to record
                LOG.log(Level.WARNING, "Maintenance job " + job.name() + " not run: " + JobRuns.summary(e));
                continue;
            }
            try {
                if (enabled && runs.callExclusively(job.name(), null, notWithin, run -> {
                    job.run(run);
                    return null;
                }).isEmpty()) {
                    LOG.log(Level.DEBUG, "Maintenance job " + job.name() + " skipped: another server runs it or ran it");
                }
            } catch (RuntimeException e) {
                // recorded as failed in job_runs and logged by the run; the next period tries again
                LOG.log(Level.DEBUG, "Maintenance job " + job.name() + " failed: " + JobRuns.summary(e));
            }
        }
    }

    /**
     * @return the configured period, if any
     * @throws dev.tenantry.persistence.InvalidConfigurationException naming the key when it is no duration of a second or more
     */
    static Optional<Duration> every() {
        return Config.getDuration(PersistenceSettings.MAINTENANCE_EVERY, Duration.ofSeconds(1),
                "an ISO-8601 duration of a second or more, such as PT24H");
    }

    /** @return rows per statement of the maintenance jobs */
    public static int batchSize() {
        String key = PersistenceSettings.MAINTENANCE_BATCH;
        String value = Config.get(key, String.valueOf(PersistenceSettings.DEFAULT_MAINTENANCE_BATCH));
        try {
            int batch = Integer.parseInt(value);
            if (batch >= 1) {
                return batch;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new InvalidConfigurationException("Configuration " + key + " (environment " + Config.envName(key)
                + ") must be a whole number of 1 or more");
    }

    @PreDestroy
    synchronized void stop() {
        if (schedule != null) {
            schedule.cancel(false);
            schedule = null;
        }
    }
}
