CREATE TABLE purchases (
    organization_id uuid        NOT NULL REFERENCES organizations (id),
    id              uuid        NOT NULL,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    version         bigint      NOT NULL,
    reference       text        NOT NULL,
    PRIMARY KEY (organization_id, id)
);
SELECT tenantry_enable_row_security('purchases');
-- on a Citus cluster, distributed by tenant beside Tenantry's own tenant tables; without Citus nothing happens
SELECT tenantry_distribute_table('purchases');
