CREATE TABLE articles (
    id         uuid PRIMARY KEY,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    version    bigint      NOT NULL,
    deleted_at timestamptz,
    title      text        NOT NULL CONSTRAINT articles_title_not_blank CHECK (length(trim(title)) > 0),
    slug       text        NOT NULL,
    body       text
);
-- a slug is unique among live articles; a deleted article does not block its slug
CREATE UNIQUE INDEX articles_slug_live_key ON articles (slug) WHERE deleted_at IS NULL;
