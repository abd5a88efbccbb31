CREATE TABLE authors (
    id         uuid PRIMARY KEY,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    version    bigint      NOT NULL,
    name       text        NOT NULL CONSTRAINT authors_name_key UNIQUE,
    city       text,
    country    text
);

CREATE TABLE books (
    id         uuid PRIMARY KEY,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    version    bigint      NOT NULL,
    deleted_at timestamptz,
    title      text        NOT NULL,
    isbn       text,
    pages      integer     CONSTRAINT books_pages_positive CHECK (pages > 0),
    author_id  uuid        CONSTRAINT books_author_fk REFERENCES authors (id)
);
-- unique among live rows only: a deleted book does not block its ISBN
CREATE UNIQUE INDEX books_isbn_live_key ON books (isbn) WHERE deleted_at IS NULL;
