CREATE TABLE projects (
    organization_id uuid        NOT NULL,
    id              uuid        NOT NULL,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    version         bigint      NOT NULL,
    deleted_at      timestamptz,
    name            text        NOT NULL,
    PRIMARY KEY (organization_id, id)
);
-- unique per tenant among live rows
CREATE UNIQUE INDEX projects_name_live_key ON projects (organization_id, name) WHERE deleted_at IS NULL;

CREATE TABLE notes (
    organization_id uuid        NOT NULL,
    id              uuid        NOT NULL,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    version         bigint      NOT NULL,
    text            text        NOT NULL,
    PRIMARY KEY (organization_id, id)
);
