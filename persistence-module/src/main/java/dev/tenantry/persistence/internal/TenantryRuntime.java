package dev.tenantry.persistence.internal;

import dev.tenantry.persistence.PersistenceSettings;
import dev.tenantry.persistence.TenantryException;
import dev.tenantry.persistence.health.DatabaseHealth;
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
        String jndi = Config.get(PersistenceSettings.DATASOURCE, PersistenceSettings.DEFAULT_DATASOURCE);
        dataSource = lookup(jndi, PersistenceSettings.DATASOURCE, "the persistence unit's jta-data-source");
        String migrationJndi = Config.get(PersistenceSettings.MIGRATION_DATASOURCE, jndi);
        DataSource migrationSource = migrationJndi.equals(jndi) ? dataSource
                : lookup(migrationJndi, PersistenceSettings.MIGRATION_DATASOURCE, "a pool connecting as the schema owner");
        List<String> locations = Arrays.stream(Config.get(PersistenceSettings.APPLICATION_MIGRATIONS,
                PersistenceSettings.DEFAULT_APPLICATION_MIGRATIONS).split(",")).map(String::trim).toList();
        migrations = new MigrationRunner(migrationSource, Thread.currentThread().getContextClassLoader(), locations,
                Config.get(PersistenceSettings.APPLICATION_HISTORY_TABLE, MigrationRunner.APPLICATION_HISTORY_TABLE));
        if (Config.getBoolean(PersistenceSettings.MIGRATION_ENABLED, true)) {
            migrations.migrate();
        } else {
            LOG.log(Level.INFO, "Migrations disabled by " + PersistenceSettings.MIGRATION_ENABLED);
        }
        AppMode mode = new AppSettings(migrationSource).recordMode();
        startupProblems = StartupChecks.run(dataSource, mode);
        if (Config.getBoolean(PersistenceSettings.SEED_ENABLED, true)) {
            // one seed at a time across every server starting on this database: each checks what exists
            // and adds what is missing, which two servers doing at once would both do
            SeedRunner.run(ModuleBeans.orModules(seeds, Seed.class).stream().toList(), mode,
                    work -> transactions.inNewTransaction(() -> {
                        ClusterLocks.holdUntilCommit(dataSource, ClusterLocks.SEEDS);
                        work.run();
                    }));
        }
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
            throw new IllegalStateException("Tenantry has not started yet: the application is still deploying");
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
