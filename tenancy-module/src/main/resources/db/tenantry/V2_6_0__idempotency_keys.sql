-- Tenantry tenancy module 2.6: answers of requests sent with an Idempotency-Key header, stored in the
-- same transaction as the request's writes, so a retry after an unknown outcome gets the first
-- answer instead of writing twice. Scoped by tenant, caller, method and path; kept for a retention
-- (tenantry.idempotency.retention). Tenant rows are under row-level security like every tenant table
-- (organization_id is NULL for requests outside a tenant).
CREATE TABLE tenantry_idempotency_keys (
    scope           text        NOT NULL,
    key             text        NOT NULL CONSTRAINT tenantry_idempotency_key_format CHECK (length(key) BETWEEN 1 AND 255),
    organization_id uuid,
    request_hash    text        NOT NULL,
    status          integer     NOT NULL,
    content_type    text,
    body            text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (scope, key)
);
CREATE INDEX tenantry_idempotency_keys_age_idx ON tenantry_idempotency_keys (created_at);

ALTER TABLE tenantry_idempotency_keys ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenantry_idempotency_keys FORCE ROW LEVEL SECURITY;
CREATE POLICY tenantry_idempotency_scope ON tenantry_idempotency_keys
    USING (organization_id IS NULL OR organization_id = nullif(current_setting('tenantry.tenant_id', true), '')::uuid)
    WITH CHECK (organization_id IS NULL OR organization_id = nullif(current_setting('tenantry.tenant_id', true), '')::uuid);
