-- the isolation matrix's tenant tables: the organization is part of every key and foreign key
CREATE TABLE matrix_projects (
    organization_id uuid        NOT NULL REFERENCES organizations (id),
    id              uuid        NOT NULL,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    version         bigint      NOT NULL,
    deleted_at      timestamptz,
    name            text        NOT NULL,
    PRIMARY KEY (organization_id, id)
);
CREATE UNIQUE INDEX matrix_projects_name_live_key ON matrix_projects (organization_id, name) WHERE deleted_at IS NULL;
-- on Citus, distributed by tenant before another table refers to it (nothing elsewhere)
SELECT tenantry_distribute_table('matrix_projects');

CREATE TABLE matrix_tasks (
    organization_id uuid        NOT NULL,
    id              uuid        NOT NULL,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    version         bigint      NOT NULL,
    title           text        NOT NULL,
    project_id      uuid,
    PRIMARY KEY (organization_id, id),
    FOREIGN KEY (organization_id, project_id) REFERENCES matrix_projects (organization_id, id)
);
SELECT tenantry_distribute_table('matrix_tasks');

-- the database's own line behind EclipseLink's, as Tenantry's start-up check requires in live mode
-- (the fixture writes as each tenant); Tenantry's own tenant tables too (idempotent)
SELECT tenantry_enable_row_security('matrix_projects');
SELECT tenantry_enable_row_security('matrix_tasks');
SELECT tenantry_enable_row_security(t::regclass) FROM unnest(ARRAY['memberships', 'activities']) t
 WHERE to_regclass(t) IS NOT NULL;
