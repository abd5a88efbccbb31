-- Tenantry audit module 3.1: the audit trail is append-only for everyone but its owner.
--
-- Until 3.1 the runtime role could UPDATE and DELETE activities (default privileges grant it every
-- table). Now only the table's owner can; the runtime role inserts and reads. Retention deletes
-- through tenantry_purge_activities, a SECURITY DEFINER function that can do one thing: delete one
-- organization's activities older than an age of at least one day, in batches. The last day of the
-- trail cannot be deleted through it by anyone.

SELECT tenantry_revoke_from_all_but_owner('activities', 'UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER');

-- Deletes up to max_rows activities of one organization created before now() - older_than_ms, oldest
-- first; returns how many. Runs with the tenant set to that organization, so row-level security
-- (FORCEd on activities where enabled) lets exactly its rows through.
CREATE FUNCTION tenantry_purge_activities(tenant uuid, older_than_ms bigint, max_rows integer) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER AS $$
DECLARE
    previous text := current_setting('tenantry.tenant_id', true);
    removed  integer;
BEGIN
    IF tenant IS NULL OR older_than_ms IS NULL OR older_than_ms < 86400000 OR max_rows IS NULL OR max_rows < 1 THEN
        RAISE EXCEPTION 'tenantry_purge_activities: give an organization, an age of at least one day (86400000 ms)'
                        ' and a batch size of 1 or more'
              USING ERRCODE = '22023';
    END IF;
    PERFORM set_config('tenantry.tenant_id', tenant::text, true);
    DELETE FROM activities
     WHERE organization_id = tenant
       AND id IN (SELECT id FROM activities
                   WHERE organization_id = tenant
                     AND created_at < CURRENT_TIMESTAMP - older_than_ms * INTERVAL '1 millisecond'
                   ORDER BY created_at LIMIT max_rows);
    GET DIAGNOSTICS removed = ROW_COUNT;
    PERFORM set_config('tenantry.tenant_id', coalesce(previous, ''), true);
    RETURN removed;
END
$$;

DO $$
BEGIN
    EXECUTE format('ALTER FUNCTION tenantry_purge_activities(uuid, bigint, integer) SET search_path = pg_catalog, %I, pg_temp',
                   current_schema());
END
$$;
