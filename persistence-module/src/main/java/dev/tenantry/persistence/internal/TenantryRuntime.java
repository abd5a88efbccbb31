package dev.tenantry.persistence.internal;

import dev.tenantry.persistence.TenantryStartup;
import dev.tenantry.persistence.PersistenceSettings;
import dev.tenantry.persistence.TenantryException;
import dev.tenantry.persistence.health.DatabaseHealth;
import dev.tenantry.persistence.jobs.JobRuns;
import dev.tenantry.persistence.migration.MigrationReport;
import dev.tenantry.persistence.migration.MigrationRunner;
import dev.tenantry.persistence.seeding.SeedRunner;
import dev.tenantry.persistence.settings.AppMode;
import dev.tenantry.persistence.settings.AppSettings;
import dev.tenantry.persistence.spi.Seed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;

/**
 * The plugin inside a CDI application: at start-up (driven by {@link TenantryStartup}) it migrates,
 * then seeds, before the application serves requests (a failure fails the deployment); it produces
 * {@link AppSettings} and {@link DatabaseHealth} for injection.
 */
@ApplicationScoped
public class TenantryRuntime {

    private static final System.Logger LOG = System.getLogger(TenantryRuntime.class.getName());

    @Inject
    Instance<Seed> seeds;

    @Inject
    SeedTransactions transactions;

    @Inject
    MaintenanceSchedule maintenance;

    @Inject
    MetricsBackends metrics;

    private DataSource dataSource;
    private MigrationRunner migrations;
    private List<String> startupProblems = List.of();

    /**
     * Called once by {@link TenantryStartup} while the application deploys; a failure fails the
     * deployment. Public, not package-private: when Tenantry is a server module, the bean's client
     * proxy lives in another class loader and could not forward a package-private call.
     */
    public void start() {
        if (dataSource != null) {
            return;
        }
        metrics.start();
        String jndi = Config.get(PersistenceSettings.DATASOURCE, PersistenceSettings.DEFAULT_DATASOURCE);
        dataSource = lookup(jndi, PersistenceSettings.DATASOURCE, "the persistence unit's jta-data-source");
        String migrationJndi = Config.get(PersistenceSettings.MIGRATION_DATASOURCE, jndi);
        DataSource migrationSource = migrationJndi.equals(jndi) ? dataSource
                : lookup(migrationJndi, PersistenceSettings.MIGRATION_DATASOURCE, "a pool connecting as the schema owner");
        List<String> locations = Arrays.stream(Config.get(PersistenceSettings.APPLICATION_MIGRATIONS,
                PersistenceSettings.DEFAULT_APPLICATION_MIGRATIONS).split(",")).map(String::trim).toList();
        migrations = new MigrationRunner(migrationSource, Thread.currentThread().getContextClassLoader(), locations,
                Config.get(PersistenceSettings.APPLICATION_HISTORY_TABLE, MigrationRunner.APPLICATION_HISTORY_TABLE));
        JobRuns jobs = new JobRuns(dataSource);
        boolean recording = jobs.exists();
        if (recording) {
            jobs.markInterrupted().forEach(run -> LOG.log(Level.WARNING, "Job " + run.job() + " (run " + run.id()
                    + ", started " + run.startedAt() + " on " + run.instance() + ") was interrupted: its server went away"));
        }
        if (Config.getBoolean(PersistenceSettings.MIGRATION_ENABLED, true)) {
            migrate(jobs, recording);
            recording = true;   // Tenantry's own migrations, now applied, include job_runs
        } else {
            LOG.log(Level.INFO, "Migrations disabled by " + PersistenceSettings.MIGRATION_ENABLED);
        }
        MaintenanceSchedule.every();   // a malformed period fails the deployment, not the first tick
        MaintenanceSchedule.batchSize();
        AppMode mode = new AppSettings(migrationSource).recordMode();
        startupProblems = StartupChecks.run(dataSource, mode);
        if (Config.getBoolean(PersistenceSettings.SEED_ENABLED, true)) {
            // one seed at a time across every server starting on this database: each checks what exists
            // and adds what is missing, which two servers doing at once would both do
            List<Seed> all = ModuleBeans.orModules(seeds, Seed.class).stream().toList();
            if (recording) {
                jobs.call(JobRuns.SEEDS, null, run -> SeedRunner.run(all, mode, work -> {
                    seedOnce(work);
                    run.add(1);
                }));
            } else {   // migrations disabled on a schema without job_runs: seed unrecorded
                SeedRunner.run(all, mode, this::seedOnce);
            }
        }
        maintenance.start(dataSource);
    }

    /** One seed in a transaction of its own, under the lock that makes servers seed one at a time. */
    private void seedOnce(Runnable work) {
        transactions.inNewTransaction(() -> {
            ClusterLocks.holdUntilCommit(dataSource, ClusterLocks.SEEDS);
            work.run();
        });
    }

    /**
     * Migrates, recorded as a {@value JobRuns#MIGRATIONS} run: as it goes when {@code job_runs}
     * exists ({@code recording}), else (the first deployment, which creates it) once it is over.
     */
    private void migrate(JobRuns jobs, boolean recording) {
        if (recording) {
            jobs.call(JobRuns.MIGRATIONS, null, run -> applied(migrations.migrate()));
            return;
        }
        Instant started = Instant.now();
        try {
            long applied = applied(migrations.migrate());
            jobs.record(JobRuns.MIGRATIONS, null, started, Instant.now(), applied, null);
        } catch (RuntimeException e) {
            if (jobs.exists()) {
                jobs.record(JobRuns.MIGRATIONS, null, started, Instant.now(), 0, e);
            }
            throw e;
        }
    }

    private static long applied(MigrationReport report) {
        return report.pluginApplied() + report.applicationApplied();
    }

    /**
     * @return the runtime DataSource ({@code tenantry.datasource}), for Tenantry's own jobs
     * @throws dev.tenantry.persistence.TenantryException while the application is still deploying
     */
    public DataSource dataSource() {
        return requireStarted();
    }

    @Produces
    @Dependent
    AppSettings appSettings() {
        return new AppSettings(requireStarted());
    }

    @Produces
    @Dependent
    DatabaseHealth databaseHealth() {
        requireStarted();
        return new DatabaseHealth(dataSource, migrations, startupProblems);
    }

    private DataSource requireStarted() {
        if (dataSource == null) {
            throw new TenantryException("Tenantry has not started yet: the application is still deploying");
        }
        return dataSource;
    }

    private static DataSource lookup(String jndi, String setting, String what) {
        try {
            return InitialContext.doLookup(jndi);
        } catch (NamingException e) {
            throw new TenantryException("Tenantry found no DataSource at JNDI name '" + jndi + "'. Define it on the"
                    + " server (see server-config) or set " + setting + " (environment " + Config.envName(setting)
                    + ") to " + what + ".", e);
        }
    }
}
