package dev.tenantry.persistence.health;

import dev.tenantry.persistence.migration.MigrationRunner;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;

/**
 * Checks that the database answers and that migrations are current. Thread-safe.
 *
 * <p>A check answers within {@link #TIMEOUT} whatever the database does: a server that accepts
 * connections but never answers (frozen, a network partition without a reset) would otherwise hold
 * the caller — a readiness probe — as long as the TCP connection lives. The database is asked on a
 * thread of its own; when it has not answered in time the report is "not reachable", and checks that
 * come while that question is still pending wait for the same one, so a hung database holds at most
 * one thread here.
 */
public final class DatabaseHealth {

    /** How long a check waits for the database (connection, {@code SELECT 1}, migration state) at most: 3 s. */
    public static final Duration TIMEOUT = Duration.ofSeconds(3);
    private static final int QUERY_TIMEOUT_SECONDS = 2;

    private final DataSource dataSource;
    private final MigrationRunner migrations;
    private final List<String> securityProblems;
    private final AtomicReference<CompletableFuture<HealthReport>> asking = new AtomicReference<>();

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

    /** @return the report, within {@link #TIMEOUT}; never throws */
    public HealthReport check() {
        CompletableFuture<HealthReport> question = asking.get();
        if (question == null || question.isDone()) {
            CompletableFuture<HealthReport> fresh = new CompletableFuture<>();
            if (asking.compareAndSet(question, fresh)) {
                Thread asker = new Thread(() -> {
                    try {
                        fresh.complete(ask());
                    } catch (Throwable t) {
                        fresh.complete(new HealthReport(false, -1, false, "health check failed: " + t.getClass().getSimpleName()));
                    }
                }, "tenantry-health-check");
                asker.setDaemon(true);
                asker.start();
                question = fresh;
            } else {
                question = asking.get();
            }
        }
        try {
            return question.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return new HealthReport(false, -1, false, "database did not answer within " + TIMEOUT.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new HealthReport(false, -1, false, "health check interrupted");
        } catch (ExecutionException e) {
            return new HealthReport(false, -1, false, "health check failed");
        }
    }

    private HealthReport ask() {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
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
