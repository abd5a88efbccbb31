CREATE TABLE connector_credentials (
    id         uuid PRIMARY KEY,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    version    bigint      NOT NULL,
    name       text        NOT NULL CONSTRAINT connector_credentials_name_key UNIQUE,
    api_token  text        NOT NULL   -- encrypted: tnc1:<key version>:<base64>
);
