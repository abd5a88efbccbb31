-- Tenantry tenancy module 2.7: the same schema on a Citus cluster (tables distributed by tenant).
--
-- On plain PostgreSQL this migration only adds functions that do nothing more there than before. In a
-- database with the citus extension (see server-config/citus/README.md) it also:
--   * makes organizations a reference table (a copy on every node; the slug's unique index and every
--     foreign key to it keep working) and distributes memberships by organization_id;
--   * replaces the publishing trigger on organizations, which Citus cannot run (its UPDATEs of other
--     distributed tables would run on a shard), by tenantry_unpublish_organization, which Tenantry's
--     OrganizationService calls in the transaction that soft-deletes the organization.
-- Tables whose key has no organization_id (app_settings, tenantry_idempotency_keys) stay local to the
-- coordinator.

-- Whether this database is part of a Citus cluster.
CREATE FUNCTION tenantry_citus() RETURNS boolean
    LANGUAGE sql STABLE AS $$
SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus')
$$;

-- Sets the row-level security scope (tenant and principal; '' or NULL for none) for the rest of the
-- transaction, as set_config(..., true) does; on Citus it also reaches every worker the transaction
-- uses (set_config never does: Citus forwards only SET LOCAL, with citus.propagate_set_commands =
-- 'local'). Tenantry sends it in front of each statement on Citus, always inside a transaction:
-- in autocommit the setting would not reach the workers, so every policy there would see no tenant
-- (no rows).
CREATE FUNCTION tenantry_set_scope(tenant text, principal text) RETURNS void
    LANGUAGE plpgsql AS $$
BEGIN
    PERFORM set_config('citus.propagate_set_commands', 'local', true);
    EXECUTE format('SET LOCAL tenantry.tenant_id = %L', coalesce(tenant, ''));
    EXECUTE format('SET LOCAL tenantry.principal = %L', coalesce(principal, ''));
END
$$;

-- One line in an application migration distributes a tenant table by organization_id, co-located
-- with Tenantry's own tenant tables, so every statement for one tenant runs on one shard:
--   SELECT tenantry_distribute_table('projects');
-- Without Citus it does nothing and returns false, so the same migration serves both. Idempotent.
-- Call it right after the table's CREATE TABLE, before another table's foreign key refers to it:
-- Citus cannot distribute a table that a local table already references.
-- The table's primary key and unique constraints must include organization_id (DistributableSchema
-- checks that), its foreign keys must point at organizations or at tables co-located with it, and
-- its organization_id must be NOT NULL. A publishable table loses its row trigger (a distribution
-- column never changes on Citus, so the organization cannot be set to NULL under it).
CREATE FUNCTION tenantry_distribute_table(target regclass) RETURNS boolean
    LANGUAGE plpgsql AS $$
BEGIN
    IF NOT tenantry_citus() THEN
        RETURN false;
    END IF;
    IF EXISTS (SELECT 1 FROM pg_dist_partition WHERE logicalrelid = target AND partmethod = 'h') THEN
        RETURN true;   -- distributed already (a table Citus added to its metadata as a local one is not)
    END IF;
    EXECUTE format('DROP TRIGGER IF EXISTS tenantry_unpublish_on_organization_loss ON %s', target);
    -- tables created in this transaction that reference a reference table must be distributed
    -- sequentially (Citus refuses parallel DDL after the reference table was used)
    PERFORM set_config('citus.multi_shard_modify_mode', 'sequential', true);
    IF target = 'memberships'::regclass THEN
        PERFORM create_distributed_table(target, 'organization_id');
    ELSE
        PERFORM create_distributed_table(target, 'organization_id', colocate_with => 'memberships');
    END IF;
    RETURN true;
END
$$;

-- Turns every non-draft row of one organization, in every publishable table, into a draft: what the
-- trigger tenantry_unpublish_organization_content does on plain PostgreSQL when the organization is
-- soft-deleted. Returns how many rows changed. Where that trigger exists (plain PostgreSQL) it has
-- done the work already, and this does nothing. SECURITY DEFINER, like the trigger: it works under
-- row-level security whatever tenant the caller's transaction carries, and changes nothing but
-- publication status.
CREATE FUNCTION tenantry_unpublish_organization(org uuid) RETURNS integer
    LANGUAGE plpgsql SECURITY DEFINER AS $$
DECLARE
    target_schema name;
    target_table  name;
    previous      text := current_setting('tenantry.tenant_id', true);
    principal     text := current_setting('tenantry.principal', true);
    changed       integer := 0;
    n             integer;
BEGIN
    IF EXISTS (SELECT 1 FROM pg_trigger WHERE tgname = 'tenantry_unpublish_organization_content'
                                          AND tgrelid = 'organizations'::regclass) THEN
        RETURN 0;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM organizations WHERE id = org AND deleted_at IS NOT NULL) THEN
        RETURN 0;   -- only a deleted organization's content is taken down
    END IF;
    PERFORM tenantry_set_scope(org::text, principal);
    FOR target_schema, target_table IN
        SELECT n.nspname, c.relname
          FROM tenantry_publishable_tables p
          JOIN pg_class c ON c.oid = p.table_name
          JOIN pg_namespace n ON n.oid = c.relnamespace LOOP
        EXECUTE format('UPDATE %I.%I SET status = ''draft'', published_at = NULL'
                       || ' WHERE organization_id = $1 AND (status <> ''draft'' OR published_at IS NOT NULL)',
                       target_schema, target_table)
            USING org;
        GET DIAGNOSTICS n = ROW_COUNT;
        changed := changed + n;
    END LOOP;
    PERFORM tenantry_set_scope(previous, principal);
    RETURN changed;
END
$$;

DO $$
BEGIN
    EXECUTE format('ALTER FUNCTION tenantry_unpublish_organization(uuid) SET search_path = pg_catalog, %I, pg_temp',
                   current_schema());
END
$$;

-- Publishable tables distributed on Citus keep no row trigger (see tenantry_distribute_table).
CREATE OR REPLACE FUNCTION tenantry_make_publishable(target regclass) RETURNS void
    LANGUAGE plpgsql AS $$
DECLARE
    distributed boolean := false;
BEGIN
    IF tenantry_citus() THEN   -- (pg_dist_partition exists only then)
        distributed := EXISTS (SELECT 1 FROM pg_dist_partition WHERE logicalrelid = target AND partmethod = 'h');
    END IF;
    IF NOT distributed THEN
        EXECUTE format('DROP TRIGGER IF EXISTS tenantry_unpublish_on_organization_loss ON %s', target);
        EXECUTE format('CREATE TRIGGER tenantry_unpublish_on_organization_loss BEFORE UPDATE OF organization_id ON %s'
                       || ' FOR EACH ROW EXECUTE FUNCTION tenantry_unpublish_on_organization_loss()', target);
    END IF;
    INSERT INTO tenantry_publishable_tables (table_name) VALUES (target) ON CONFLICT DO NOTHING;
END
$$;

DO $$
BEGIN
    IF tenantry_citus() THEN
        PERFORM set_config('citus.multi_shard_modify_mode', 'sequential', true);
        DROP TRIGGER tenantry_unpublish_organization_content ON organizations;
        PERFORM create_reference_table('organizations');
        PERFORM tenantry_distribute_table('memberships');
    END IF;
END
$$;
