-- Tenantry tenancy module: versions 2.x. Organizations are the tenants; memberships give principals roles in them.
CREATE TABLE organizations (
    id         uuid        PRIMARY KEY,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    version    bigint      NOT NULL,
    deleted_at timestamptz,
    name       text        NOT NULL CONSTRAINT organizations_name_not_blank CHECK (length(trim(name)) > 0),
    slug       text        NOT NULL CONSTRAINT organizations_slug_format
                                    CHECK (slug ~ '^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$')
);
-- a slug is unique among live organizations
CREATE UNIQUE INDEX organizations_slug_live_key ON organizations (slug) WHERE deleted_at IS NULL;

CREATE TABLE memberships (
    organization_id uuid        NOT NULL CONSTRAINT memberships_organization_fk
                                         REFERENCES organizations (id) ON DELETE CASCADE,
    id              uuid        NOT NULL,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    version         bigint      NOT NULL,
    principal       text        NOT NULL,
    role            text        NOT NULL CONSTRAINT memberships_role_known
                                         CHECK (role IN ('OWNER', 'ADMIN', 'MEMBER', 'VIEWER')),
    PRIMARY KEY (organization_id, id),
    CONSTRAINT memberships_principal_key UNIQUE (organization_id, principal)
);
CREATE INDEX memberships_principal_idx ON memberships (principal);
