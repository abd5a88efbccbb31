package dev.tenantry.persistence.spi;

import dev.tenantry.persistence.jobs.RunningJob;

/**
 * Work that runs on a schedule, once per period across every server sharing the database
 * ({@link dev.tenantry.persistence.PersistenceSettings#MAINTENANCE_EVERY}), each run recorded in
 * {@code job_runs} under {@link #name()}. Tenantry's own are the soft-delete purge (tenancy) and
 * activity retention (audit); an application adds its own by making a CDI bean implement this.
 *
 * <p>{@link #run} is called on a managed thread outside any transaction: open the transactions the
 * work needs (keep each short: a batch, or one tenant), report progress on the run, and throw to
 * record a failure (the next period tries again).
 */
public interface MaintenanceJob {

    /** @return the job's name in {@code job_runs}, stable and unique */
    String name();

    /** @return whether it is configured to run; default {@code true} */
    default boolean enabled() {
        return true;
    }

    /**
     * Does one period's work.
     *
     * @param run the recorded run: report rows done on it
     * @throws Exception to record the run as failed
     */
    void run(RunningJob run) throws Exception;
}
