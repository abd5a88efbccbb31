package dev.tenantry.persistence.jobs;

/** How a {@link JobRun} stands or ended. */
public enum JobStatus {
    /** Started and not finished; its server is alive (or died so recently that no start has looked yet). */
    RUNNING,
    /** Finished without an error. */
    SUCCEEDED,
    /** Ended by an error; {@link JobRun#error()} summarises it. */
    FAILED,
    /** Its server (or database connection) went away before it finished; found at a later start. */
    INTERRUPTED
}
