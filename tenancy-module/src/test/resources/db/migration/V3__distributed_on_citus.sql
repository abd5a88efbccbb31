-- On a Citus cluster, the tenant tables are distributed by organization_id, co-located with
-- Tenantry's own; without Citus these calls do nothing. posts stays local (its key has no tenant).
SELECT tenantry_distribute_table('projects');
SELECT tenantry_distribute_table('notes');
SELECT tenantry_distribute_table('tasks');
