-- the EAR deployment's own tenant table, protected by row-level security like the application's
CREATE TABLE ear_notes (
    organization_id uuid        NOT NULL,
    id              uuid        NOT NULL,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    version         bigint      NOT NULL,
    text            text        NOT NULL,
    PRIMARY KEY (organization_id, id)
);
SELECT tenantry_enable_row_security('ear_notes');
