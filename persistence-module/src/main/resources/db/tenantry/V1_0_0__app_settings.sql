-- Tenantry persistence module: versions 1.x. Application settings, not tenant-scoped.
CREATE TABLE app_settings (
    key        varchar(200) PRIMARY KEY,
    value      text         NOT NULL,
    updated_at timestamptz  NOT NULL DEFAULT CURRENT_TIMESTAMP
);
COMMENT ON TABLE app_settings IS 'Tenantry application settings (key/value), incl. tenantry.mode = demo|live';
