-- Tenantry audit module: versions 3.x. One row per audited change or business operation, written in
-- the same transaction as the change. Rows are never updated; retention deletes old ones.
CREATE TABLE activities (
    organization_id uuid        NOT NULL CONSTRAINT activities_organization_fk
                                         REFERENCES organizations (id) ON DELETE CASCADE,
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
-- newest first within a tenant, by entity, by actor, by type (keyset: created_at DESC, id DESC)
CREATE INDEX activities_time_idx ON activities (organization_id, created_at DESC, id DESC);
CREATE INDEX activities_entity_idx ON activities (organization_id, entity_type, entity_id, created_at DESC, id DESC);
CREATE INDEX activities_actor_idx ON activities (organization_id, actor, created_at DESC, id DESC);
CREATE INDEX activities_type_idx ON activities (organization_id, type, created_at DESC, id DESC);
