-- Tenantry tenancy module 2.5: the publishing trigger trusts nothing the runtime role can write.
--
-- tenantry_unpublish_organization_content runs as the schema owner (SECURITY DEFINER) and builds an
-- UPDATE for every table in tenantry_publishable_tables. Until 2.5 the runtime role could write that
-- registry (default privileges grant it every table), so it could make owner-privileged SQL run or
-- silently stop unpublishing; and, with pg_temp implicitly first in the function's search_path, a
-- temporary table of the same name shadowed the registry. Now:
--   * the registry holds regclass values (a table that exists, renamed or not) and only its owner may
--     write it; everyone may read it;
--   * the function names each table from the catalog, quoted (%I.%I), never from stored text;
--   * its search_path is pg_catalog, the schema Tenantry was migrated into, then pg_temp — last, so no
--     temporary object can stand in for anything the function uses.

ALTER TABLE tenantry_publishable_tables ALTER COLUMN table_name TYPE regclass USING table_name::regclass;

-- Takes privileges on a table from every role but its owner, and from PUBLIC: for Tenantry's tables
-- that the runtime role may read (or append to) but not change. Runs as the migrating role.
CREATE FUNCTION tenantry_revoke_from_all_but_owner(target regclass, privileges text) RETURNS void
    LANGUAGE plpgsql AS $$
DECLARE
    grantee name;
BEGIN
    FOR grantee IN SELECT DISTINCT r.rolname
                     FROM pg_class c, aclexplode(c.relacl) a, pg_roles r
                    WHERE c.oid = target AND r.oid = a.grantee AND a.grantee <> c.relowner LOOP
        EXECUTE format('REVOKE %s ON %s FROM %I', privileges, target, grantee);
    END LOOP;
    EXECUTE format('REVOKE %s ON %s FROM PUBLIC', privileges, target);
END
$$;

SELECT tenantry_revoke_from_all_but_owner('tenantry_publishable_tables', 'INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER');
GRANT SELECT ON tenantry_publishable_tables TO PUBLIC;

CREATE OR REPLACE FUNCTION tenantry_unpublish_organization_content() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER AS $$
DECLARE
    target_schema name;
    target_table  name;
    previous      text := current_setting('tenantry.tenant_id', true);
BEGIN
    PERFORM set_config('tenantry.tenant_id', NEW.id::text, true);
    FOR target_schema, target_table IN
        SELECT n.nspname, c.relname
          FROM tenantry_publishable_tables p
          JOIN pg_class c ON c.oid = p.table_name
          JOIN pg_namespace n ON n.oid = c.relnamespace LOOP
        EXECUTE format('UPDATE %I.%I SET status = ''draft'', published_at = NULL'
                       || ' WHERE organization_id = $1 AND (status <> ''draft'' OR published_at IS NOT NULL)',
                       target_schema, target_table)
            USING NEW.id;
    END LOOP;
    PERFORM set_config('tenantry.tenant_id', coalesce(previous, ''), true);
    RETURN NULL;
END
$$;

DO $$
BEGIN
    EXECUTE format('ALTER FUNCTION tenantry_unpublish_organization_content() SET search_path = pg_catalog, %I, pg_temp',
                   current_schema());
END
$$;
-- a trigger function is never called directly; nobody needs EXECUTE on it
REVOKE EXECUTE ON FUNCTION tenantry_unpublish_organization_content() FROM PUBLIC;

CREATE OR REPLACE FUNCTION tenantry_make_publishable(target regclass) RETURNS void
    LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('CREATE TRIGGER tenantry_unpublish_on_organization_loss BEFORE UPDATE OF organization_id ON %s'
                   || ' FOR EACH ROW EXECUTE FUNCTION tenantry_unpublish_on_organization_loss()', target);
    INSERT INTO tenantry_publishable_tables (table_name) VALUES (target) ON CONFLICT DO NOTHING;
END
$$;

-- Idempotent: several applications sharing a database may each attach Tenantry's own tenant tables
-- (memberships, activities) in their migrations; calling it again re-creates the same policy.
CREATE OR REPLACE FUNCTION tenantry_enable_row_security(target regclass) RETURNS void
    LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', target);
    EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', target);
    EXECUTE format('DROP POLICY IF EXISTS tenantry_tenant_isolation ON %s', target);
    EXECUTE format('CREATE POLICY tenantry_tenant_isolation ON %s'
                   || ' USING (organization_id = nullif(current_setting(''tenantry.tenant_id'', true), '''')::uuid)'
                   || ' WITH CHECK (organization_id = nullif(current_setting(''tenantry.tenant_id'', true), '''')::uuid)',
                   target);
END
$$;

-- A slug in the form of a UUID would be taken for an organization's id: refused (rows that exist
-- already are left as they are; OrganizationService refuses new ones with a typed error first).
ALTER TABLE organizations ADD CONSTRAINT organizations_slug_not_an_id
    CHECK (slug !~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$') NOT VALID;
