-- a tenant table: the organization is part of the key and of every foreign key
CREATE TABLE projects (
    organization_id uuid        NOT NULL CONSTRAINT projects_organization_fk REFERENCES organizations (id),
    id              uuid        NOT NULL,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    version         bigint      NOT NULL,
    deleted_at      timestamptz,
    name            text        NOT NULL CONSTRAINT projects_name_not_blank CHECK (length(trim(name)) > 0),
    PRIMARY KEY (organization_id, id)
);
CREATE UNIQUE INDEX projects_name_live_key ON projects (organization_id, name) WHERE deleted_at IS NULL;
