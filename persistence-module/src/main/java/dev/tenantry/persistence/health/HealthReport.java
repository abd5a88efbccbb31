package dev.tenantry.persistence.health;

/**
 * The outcome of one readiness check.
 *
 * @param databaseReachable  a trivial query answered in time
 * @param pendingMigrations  migrations not yet applied (-1 when unknown)
 * @param failedMigrations   whether a migration is recorded as failed
 * @param problem            what is wrong, or {@code null} when ready
 */
public record HealthReport(boolean databaseReachable, int pendingMigrations, boolean failedMigrations, String problem) {

    /** @return whether the application may take traffic */
    public boolean ready() {
        return problem == null;
    }
}
