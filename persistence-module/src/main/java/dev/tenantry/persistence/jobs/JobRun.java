package dev.tenantry.persistence.jobs;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * One recorded run of a maintenance job (a row of {@code job_runs}).
 *
 * @param id            the run's id
 * @param job           the job's name, e.g. {@value JobRuns#MIGRATIONS}
 * @param tenantId      the organization it worked for, or {@code null} for a job over the whole database
 * @param instance      the server that ran it (host and process)
 * @param status        how it stands or ended
 * @param startedAt     when it started (database clock)
 * @param finishedAt    when it ended, or {@code null} while running
 * @param rowsProcessed rows (or items) done so far
 * @param rowsTotal     rows (or items) to do, when the job knew, else {@code null}
 * @param error         for a failed or interrupted run, a summary: exception types, SQLStates and
 *                      Tenantry's own messages, never a value, a statement or a secret
 */
public record JobRun(UUID id, String job, UUID tenantId, String instance, JobStatus status, Instant startedAt,
                     Instant finishedAt, long rowsProcessed, Long rowsTotal, String error) {

    /** @return how long it ran, or has run so far when still running */
    public Duration duration() {
        return Duration.between(startedAt, finishedAt == null ? Instant.now() : finishedAt);
    }

    /** @return the tenant, when the run was for one organization */
    public Optional<UUID> tenant() {
        return Optional.ofNullable(tenantId);
    }
}
