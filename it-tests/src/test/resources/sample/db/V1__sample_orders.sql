CREATE TABLE sample_orders (
    organization_id uuid        NOT NULL REFERENCES organizations (id),
    id              uuid        NOT NULL,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    version         bigint      NOT NULL,
    reference       text        NOT NULL,
    PRIMARY KEY (organization_id, id)
);
SELECT tenantry_enable_row_security('sample_orders');
SELECT tenantry_distribute_table('sample_orders');
