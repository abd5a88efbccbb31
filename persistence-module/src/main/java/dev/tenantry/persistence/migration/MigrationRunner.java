package dev.tenantry.persistence.migration;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.CoreErrorCode;
import org.flywaydb.core.api.ErrorCode;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.exception.FlywayValidateException;
import org.flywaydb.core.api.output.ValidateOutput;
import org.flywaydb.core.api.output.ValidateResult;
import org.flywaydb.core.internal.exception.FlywayMigrateException;

/**
 * Applies the plugin's migrations, then the application's, validating checksums first.
 *
 * <p>On PostgreSQL each migration runs in its own transaction, so a failing one leaves no partial
 * change behind. Thread-safe; normally run once at deployment by the plugin itself.
 */
public final class MigrationRunner {

    /** Where Tenantry modules keep their migrations. */
    public static final String PLUGIN_LOCATION = "classpath:db/tenantry";
    /** Flyway history table of the plugin's migrations. */
    public static final String PLUGIN_HISTORY_TABLE = "tenantry_schema_history";
    /** Flyway history table of the application's migrations (Flyway's default). */
    public static final String APPLICATION_HISTORY_TABLE = "flyway_schema_history";

    private static final System.Logger LOG = System.getLogger(MigrationRunner.class.getName());

    private final Flyway plugin;
    private final Flyway application;

    /**
     * @param dataSource           where to migrate; its user must own the schema
     * @param classLoader          loader that sees the migration scripts (the application's)
     * @param applicationLocations Flyway locations of the application's migrations
     */
    public MigrationRunner(DataSource dataSource, ClassLoader classLoader, List<String> applicationLocations) {
        this(dataSource, classLoader, applicationLocations, APPLICATION_HISTORY_TABLE);
    }

    /**
     * @param dataSource             where to migrate; its user must own the schema
     * @param classLoader            loader that sees the migration scripts (the application's)
     * @param applicationLocations   Flyway locations of the application's migrations
     * @param applicationHistoryTable Flyway history table of the application's migrations, for
     *                               applications sharing one schema
     */
    public MigrationRunner(DataSource dataSource, ClassLoader classLoader, List<String> applicationLocations,
                           String applicationHistoryTable) {
        Objects.requireNonNull(dataSource, "dataSource");
        this.plugin = Flyway.configure(classLoader).dataSource(dataSource)
                .locations(PLUGIN_LOCATION).table(PLUGIN_HISTORY_TABLE)
                // each module numbers its own range (persistence 1.x, tenancy 2.x, ...), so a module
                // added later may bring versions below one already applied
                .outOfOrder(true)
                .baselineOnMigrate(true).baselineVersion("0")
                .load();
        this.application = Flyway.configure(classLoader).dataSource(dataSource)
                .locations(applicationLocations.toArray(String[]::new)).table(applicationHistoryTable)
                .baselineOnMigrate(true).baselineVersion("0")
                .load();
    }

    /**
     * Validates and applies pending migrations: the plugin's first, then the application's.
     *
     * @return what was applied
     * @throws MigrationFailedException naming the migration that failed or was changed
     */
    public MigrationReport migrate() {
        int pluginApplied = migrate(plugin, "Tenantry");
        int applicationApplied = migrate(application, "application");
        MigrationReport report = new MigrationReport(pluginApplied, applicationApplied, version(plugin), version(application));
        LOG.log(Level.INFO, "Migrations done: " + report);
        return report;
    }

    /** @return migrations not yet applied, plugin's and application's together */
    public int pendingCount() {
        return plugin.info().pending().length + application.info().pending().length;
    }

    /** @return whether some applied migration is recorded as failed */
    public boolean hasFailed() {
        return hasFailed(plugin) || hasFailed(application);
    }

    private static boolean hasFailed(Flyway flyway) {
        for (MigrationInfo info : flyway.info().all()) {
            if (info.getState() == MigrationState.FAILED) {
                return true;
            }
        }
        return false;
    }

    private static int migrate(Flyway flyway, String owner) {
        try {
            return flyway.migrate().migrationsExecuted;
        } catch (FlywayValidateException e) {
            String name = changedMigration(flyway);
            throw new MigrationFailedException("The " + owner + " migration " + name
                    + " no longer matches what was applied to this database. Never edit an applied migration:"
                    + " restore its original text and add a new migration for the change.", name, e);
        } catch (FlywayMigrateException e) {
            MigrationInfo info = e.getMigration();
            String name = info == null ? "unknown" : name(String.valueOf(info.getVersion()), info.getDescription());
            throw new MigrationFailedException("The " + owner + " migration " + name
                    + (info == null ? "" : " (" + info.getScript() + ")")
                    + " failed and was rolled back (SQLState " + e.getSqlState() + "). The deployment stops here: fix"
                    + " the migration and deploy again.", name, e);
        } catch (FlywayException e) {
            throw new MigrationFailedException("The " + owner + " migrations could not run: "
                    + firstLine(e.getMessage()), "unknown", e);
        }
    }

    /** The first applied migration whose checksum, description or type changed since it was applied. */
    private static String changedMigration(Flyway flyway) {
        ValidateResult result = flyway.validateWithResult();
        for (ValidateOutput invalid : result.invalidMigrations) {
            ErrorCode code = invalid.errorDetails == null ? null : invalid.errorDetails.errorCode;
            if (code == CoreErrorCode.CHECKSUM_MISMATCH || code == CoreErrorCode.DESCRIPTION_MISMATCH
                    || code == CoreErrorCode.TYPE_MISMATCH || code == CoreErrorCode.APPLIED_VERSIONED_MIGRATION_NOT_RESOLVED) {
                return name(invalid.version, invalid.description) + " [" + code + "]";
            }
        }
        return "unknown";
    }

    private static String name(String version, String description) {
        return "V" + version + " (" + (description == null ? "" : description.replace(' ', '_')) + ")";
    }

    private static String version(Flyway flyway) {
        MigrationInfo current = flyway.info().current();
        return current == null || current.getVersion() == null ? "none" : current.getVersion().toString();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no detail";
        }
        String trimmed = message.strip();
        int nl = trimmed.indexOf('\n');
        return nl < 0 ? trimmed : trimmed.substring(0, nl);
    }
}
