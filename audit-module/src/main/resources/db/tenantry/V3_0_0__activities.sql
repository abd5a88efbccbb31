-- Tenantry audit module: versions 3.x. One row per audited change or business operation, written in
-- the same transaction as the change. Rows are never updated; retention deletes old ones.
-- No foreign key to organizations: a trail outlives its organization (and every write skips the
-- key check); the tenant is still part of the primary key and of every index.
CREATE TABLE activities (
    organization_id uuid        NOT NULL,
    id              uuid        NOT NULL,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    version         bigint      NOT NULL DEFAULT 1,
    actor           text        NOT NULL,
    type            text        NOT NULL CONSTRAINT activities_type_format CHECK (type ~ '^[a-z0-9][a-z0-9._-]*$'),
    entity_type     text,
    entity_id       uuid,
    description     text,
    metadata        jsonb       NOT NULL DEFAULT '{}',
    correlation_id  text,
    PRIMARY KEY (organization_id, id)
);
-- Newest first within a tenant (keyset: created_at DESC, id DESC), and per entity. Every audited write
-- pays for each index, so queries by actor, type or time range use the tenant's time index with a
-- filter; add e.g. (organization_id, actor, created_at DESC, id DESC) in your own migration if you
-- page by actor a lot.
CREATE INDEX activities_time_idx ON activities (organization_id, created_at DESC, id DESC);
CREATE INDEX activities_entity_idx ON activities (organization_id, entity_type, entity_id, created_at DESC, id DESC);
