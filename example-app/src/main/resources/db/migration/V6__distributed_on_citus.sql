-- On a Citus cluster, the tenant table is distributed by organization_id, co-located with Tenantry's
-- own tenant tables, so each tenant's statements run on one shard. Without Citus this does nothing.
-- (articles, connector_credentials and stories are keyed without the tenant and stay on the
-- coordinator.)
SELECT tenantry_distribute_table('projects');
