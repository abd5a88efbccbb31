-- stories: publishable content of a creator, optionally owned by an organization; when the
-- organization goes away (hard or soft delete) its stories become drafts (Tenantry's triggers)
CREATE TABLE stories (
    id              uuid        PRIMARY KEY,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    version         bigint      NOT NULL,
    creator         text        NOT NULL,
    organization_id uuid        CONSTRAINT stories_organization_fk REFERENCES organizations (id) ON DELETE SET NULL,
    status          text        NOT NULL DEFAULT 'draft'
                                CONSTRAINT stories_status_known CHECK (status IN ('draft', 'published', 'archived')),
    published_at    timestamptz,
    title           text        NOT NULL CONSTRAINT stories_title_not_blank CHECK (length(trim(title)) > 0)
);
CREATE INDEX stories_organization_idx ON stories (organization_id);
SELECT tenantry_make_publishable('stories');

-- the database's own tenant isolation on the example's tenant table
SELECT tenantry_enable_row_security('projects');
