package dev.tenantry.persistence.health;

import dev.tenantry.persistence.migration.MigrationRunner;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Checks that the database answers and that migrations are current. Thread-safe.
 */
public final class DatabaseHealth {

    private static final int TIMEOUT_SECONDS = 2;

    private final DataSource dataSource;
    private final MigrationRunner migrations;
    private final List<String> securityProblems;

    /**
     * @param dataSource the application database
     * @param migrations the runner whose migrations must all be applied
     */
    public DatabaseHealth(DataSource dataSource, MigrationRunner migrations) {
        this(dataSource, migrations, List.of());
    }

    /**
     * @param dataSource       the application database
     * @param migrations       the runner whose migrations must all be applied
     * @param securityProblems what the start-up checks found and did not enforce (demo mode, or waived)
     */
    public DatabaseHealth(DataSource dataSource, MigrationRunner migrations, List<String> securityProblems) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.migrations = Objects.requireNonNull(migrations, "migrations");
        this.securityProblems = List.copyOf(securityProblems);
    }

    /** @return what the start-up security checks found (demo mode or waived); empty when all is well */
    public List<String> securityProblems() {
        return securityProblems;
    }

    /** @return the report; never throws */
    public HealthReport check() {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.setQueryTimeout(TIMEOUT_SECONDS);
            s.execute("SELECT 1");
        } catch (SQLException | RuntimeException e) {
            String state = e instanceof SQLException sql ? " (SQLState " + sql.getSQLState() + ")" : "";
            return new HealthReport(false, -1, false, "database not reachable" + state);
        }
        try {
            int pending = migrations.pendingCount();
            boolean failed = migrations.hasFailed();
            String problem = failed ? "a migration failed" : pending > 0 ? pending + " migration(s) pending" : null;
            return new HealthReport(true, pending, failed, problem);
        } catch (RuntimeException e) {
            return new HealthReport(true, -1, false, "migration state unknown: " + e.getClass().getSimpleName());
        }
    }
}
