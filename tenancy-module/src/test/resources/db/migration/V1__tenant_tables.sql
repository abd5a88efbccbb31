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

-- a child tenant table: the foreign key includes the tenant, so a task can only point at a project
-- of its own organization (and the schema stays distributable by organization_id)
CREATE TABLE tasks (
    organization_id uuid        NOT NULL,
    id              uuid        NOT NULL,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    version         bigint      NOT NULL,
    title           text        NOT NULL,
    project_id      uuid,
    PRIMARY KEY (organization_id, id),
    CONSTRAINT tasks_project_fk FOREIGN KEY (organization_id, project_id) REFERENCES projects (organization_id, id)
);
