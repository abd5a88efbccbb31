CREATE TABLE invoices (
    organization_id uuid        NOT NULL REFERENCES organizations (id),
    id              uuid        NOT NULL,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    version         bigint      NOT NULL,
    deleted_at      timestamptz,
    number          text        NOT NULL,
    amount_cents    bigint      NOT NULL,
    secret          text,
    note            text,
    PRIMARY KEY (organization_id, id)
);

-- the same table for an unaudited twin entity (benchmark)
CREATE TABLE plain_invoices (LIKE invoices INCLUDING ALL);

-- on Citus, distributed by tenant like the activities (nothing elsewhere)
SELECT tenantry_distribute_table('invoices');
SELECT tenantry_distribute_table('plain_invoices');
