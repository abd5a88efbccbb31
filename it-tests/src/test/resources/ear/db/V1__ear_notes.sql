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
-- Tenantry's own tenant tables, as the start-up check requires in live mode (idempotent: other
-- applications on the same database may have attached them already)
SELECT tenantry_enable_row_security(t::regclass) FROM unnest(ARRAY['memberships', 'activities']) t
 WHERE to_regclass(t) IS NOT NULL;
