-- Tenantry audit module 3.3: erasing an organization's trail (OrganizationOffboarding.erase).
--
-- The trail is append-only for the runtime role; this function, run with the owner's rights like the
-- purge, deletes an organization's activities in batches, but only once the organization is
-- soft-deleted (erasure starts by deleting it, as its OWNER, in the application): no live
-- organization's trail can be erased through it. What this allows the runtime role (erase the trail of
-- an organization it deleted) is what offboarding must allow; each erasure leaves its job_runs row.
CREATE FUNCTION tenantry_erase_activities(tenant uuid, max_rows integer) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER AS $$
DECLARE
    previous  text := current_setting('tenantry.tenant_id', true);
    principal text := current_setting('tenantry.principal', true);
    removed   integer;
BEGIN
    IF tenant IS NULL OR max_rows IS NULL OR max_rows < 1 THEN
        RAISE EXCEPTION 'tenantry_erase_activities: give an organization and a batch size of 1 or more'
              USING ERRCODE = '22023';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM organizations WHERE id = tenant AND deleted_at IS NOT NULL) THEN
        RAISE EXCEPTION 'tenantry_erase_activities: organization % is not deleted; erase it through'
                        ' OrganizationOffboarding, which deletes it first', tenant
              USING ERRCODE = '55000';
    END IF;
    PERFORM tenantry_set_scope(tenant::text, principal);
    DELETE FROM activities
     WHERE organization_id = tenant
       AND id IN (SELECT id FROM activities WHERE organization_id = tenant LIMIT max_rows);
    GET DIAGNOSTICS removed = ROW_COUNT;
    PERFORM tenantry_set_scope(previous, principal);
    RETURN removed;
END
$$;

DO $$
BEGIN
    EXECUTE format('ALTER FUNCTION tenantry_erase_activities(uuid, integer) SET search_path = pg_catalog, %I, pg_temp',
                   current_schema());
END
$$;
