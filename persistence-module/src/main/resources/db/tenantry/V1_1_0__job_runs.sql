-- Tenantry persistence module: one row per run of a maintenance job (migrations, seeds, key rotation,
-- purge, retention, and the application's own jobs), written by dev.tenantry.persistence.jobs.JobRuns.
-- Not tenant-scoped: an operator's table. It holds names, times and counts, never row values.
CREATE TABLE job_runs (
    id             uuid         PRIMARY KEY,
    job            varchar(200) NOT NULL,
    tenant_id      uuid,
    instance       varchar(200) NOT NULL,
    status         varchar(20)  NOT NULL
        CONSTRAINT job_runs_status CHECK (status IN ('RUNNING', 'SUCCEEDED', 'FAILED', 'INTERRUPTED')),
    started_at     timestamptz  NOT NULL,
    finished_at    timestamptz,
    heartbeat_at   timestamptz  NOT NULL,
    rows_processed bigint       NOT NULL DEFAULT 0,
    rows_total     bigint,
    error          varchar(2000),
    CONSTRAINT job_runs_finished CHECK ((status = 'RUNNING') = (finished_at IS NULL))
);
CREATE INDEX job_runs_by_job ON job_runs (job, started_at DESC);
CREATE INDEX job_runs_unfinished ON job_runs (started_at) WHERE status <> 'SUCCEEDED';
COMMENT ON TABLE job_runs IS 'Tenantry job runs: what ran, when, how long, how many rows, how it ended (no values)';
