-- Tenantry audit module 3.2: the audit trail on a Citus cluster.
--
-- With the citus extension (see tenancy 2.7), activities is distributed by organization_id,
-- co-located with memberships: a tenant's trail lives on its shard, and every write and page of it is
-- a single-shard statement. On plain PostgreSQL nothing changes but how the purge function sets its
-- tenant: tenantry_set_scope (SET LOCAL) instead of set_config, which on Citus never reaches the
-- workers, so the purge there would delete nothing.

SELECT tenantry_distribute_table('activities');

CREATE OR REPLACE FUNCTION tenantry_purge_activities(tenant uuid, older_than_ms bigint, max_rows integer) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER AS $$
DECLARE
    previous  text := current_setting('tenantry.tenant_id', true);
    principal text := current_setting('tenantry.principal', true);
    removed   integer;
BEGIN
    IF tenant IS NULL OR older_than_ms IS NULL OR older_than_ms < 86400000 OR max_rows IS NULL OR max_rows < 1 THEN
        RAISE EXCEPTION 'tenantry_purge_activities: give an organization, an age of at least one day (86400000 ms)'
                        ' and a batch size of 1 or more'
              USING ERRCODE = '22023';
    END IF;
    PERFORM tenantry_set_scope(tenant::text, principal);
    DELETE FROM activities
     WHERE organization_id = tenant
       AND id IN (SELECT id FROM activities
                   WHERE organization_id = tenant
                     AND created_at < CURRENT_TIMESTAMP - older_than_ms * INTERVAL '1 millisecond'
                   ORDER BY created_at LIMIT max_rows);
    GET DIAGNOSTICS removed = ROW_COUNT;
    PERFORM tenantry_set_scope(previous, principal);
    RETURN removed;
END
$$;

-- CREATE OR REPLACE drops the function's settings: the search path of 3.1 again
DO $$
BEGIN
    EXECUTE format('ALTER FUNCTION tenantry_purge_activities(uuid, bigint, integer) SET search_path = pg_catalog, %I, pg_temp',
                   current_schema());
END
$$;
