-- publishable content of creators, optionally owned by an organization
CREATE TABLE posts (
    id              uuid        PRIMARY KEY,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    version         bigint      NOT NULL,
    creator         text        NOT NULL,
    organization_id uuid        REFERENCES organizations (id) ON DELETE SET NULL,
    status          text        NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'archived')),
    published_at    timestamptz,
    title           text        NOT NULL
);
CREATE INDEX posts_organization_idx ON posts (organization_id);
SELECT tenantry_make_publishable('posts');

-- the database's own line of tenant isolation on the tenant tables
SELECT tenantry_enable_row_security('projects');
SELECT tenantry_enable_row_security('notes');
SELECT tenantry_enable_row_security('tasks');
-- Tenantry's own tenant table, attached the same way
SELECT tenantry_enable_row_security('memberships');
