/**
 * Records of maintenance-job runs ({@code job_runs}): {@link dev.tenantry.persistence.jobs.JobRuns}
 * starts, ends and queries them; Tenantry's own jobs (migrations, seeds, key rotation, purge,
 * retention) record themselves here, and applications can record theirs.
 */
package dev.tenantry.persistence.jobs;
