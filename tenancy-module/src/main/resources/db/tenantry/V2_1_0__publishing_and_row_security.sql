-- Tenantry tenancy module 2.1: publishable content follows its organization, and row-level security
-- as the database's own line of tenant isolation. Every object is named tenantry_* and documented
-- in dev.tenantry.tenancy.DatabaseObjects and the README.

-- ---------------------------------------------------------------------------------------------
-- Publishable content: status draft / published / archived and published_at
-- ---------------------------------------------------------------------------------------------

-- The tables that carry publishable rows of organizations (filled by tenantry_make_publishable).
CREATE TABLE tenantry_publishable_tables (
    table_name text PRIMARY KEY
);

-- BEFORE UPDATE row trigger: a row whose organization_id goes from a value to NULL (the organization
-- was hard-deleted and the foreign key is ON DELETE SET NULL, or a direct UPDATE) becomes a draft
-- in the same statement.
CREATE FUNCTION tenantry_unpublish_on_organization_loss() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.organization_id IS NOT NULL AND NEW.organization_id IS NULL THEN
        NEW.status := 'draft';
        NEW.published_at := NULL;
    END IF;
    RETURN NEW;
END
$$;

-- AFTER UPDATE trigger on organizations: soft-deleting an organization (deleted_at from NULL to a
-- value) turns every non-draft row it owns, in every publishable table, into a draft. Restoring it
-- republishes nothing. SECURITY DEFINER with the organization as the transaction's tenant, so it
-- works under row-level security whatever tenant the caller's transaction carries.
CREATE FUNCTION tenantry_unpublish_organization_content() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
    publishable text;
    previous    text := current_setting('tenantry.tenant_id', true);
BEGIN
    PERFORM set_config('tenantry.tenant_id', NEW.id::text, true);
    FOR publishable IN SELECT table_name FROM tenantry_publishable_tables LOOP
        EXECUTE format('UPDATE %s SET status = ''draft'', published_at = NULL'
                       || ' WHERE organization_id = $1 AND (status <> ''draft'' OR published_at IS NOT NULL)',
                       publishable)
            USING NEW.id;
    END LOOP;
    PERFORM set_config('tenantry.tenant_id', coalesce(previous, ''), true);
    RETURN NULL;
END
$$;

CREATE TRIGGER tenantry_unpublish_organization_content
    AFTER UPDATE OF deleted_at ON organizations
    FOR EACH ROW
    WHEN (OLD.deleted_at IS NULL AND NEW.deleted_at IS NOT NULL)
    EXECUTE FUNCTION tenantry_unpublish_organization_content();

-- One line in an application migration makes a table publishable:
--   SELECT tenantry_make_publishable('articles');
-- The table needs organization_id uuid (nullable, REFERENCES organizations ON DELETE SET NULL),
-- status text and published_at timestamptz; the row trigger is named
-- tenantry_unpublish_on_organization_loss.
CREATE FUNCTION tenantry_make_publishable(target regclass) RETURNS void
    LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('CREATE TRIGGER tenantry_unpublish_on_organization_loss BEFORE UPDATE OF organization_id ON %s'
                   || ' FOR EACH ROW EXECUTE FUNCTION tenantry_unpublish_on_organization_loss()', target);
    INSERT INTO tenantry_publishable_tables (table_name) VALUES (target::text) ON CONFLICT DO NOTHING;
END
$$;

-- ---------------------------------------------------------------------------------------------
-- Row-level security keyed on the transaction's tenant
-- ---------------------------------------------------------------------------------------------

-- The tenant of the current transaction, set by Tenantry with set_config('tenantry.tenant_id', ..., true);
-- NULL when none is set, and then no policy matches: no rows.
CREATE FUNCTION tenantry_current_tenant() RETURNS uuid
    LANGUAGE sql STABLE PARALLEL SAFE AS $$
SELECT nullif(current_setting('tenantry.tenant_id', true), '')::uuid
$$;

-- One line in an application migration protects a tenant table:
--   SELECT tenantry_enable_row_security('projects');
-- Enables and FORCEs row-level security (so the table owner is bound too) with one policy,
-- tenantry_tenant_isolation: rows of the current tenant only, for reading and for writing.
-- Index-friendly: organization_id = <stable value>, served by the (organization_id, id) key.
CREATE FUNCTION tenantry_enable_row_security(target regclass) RETURNS void
    LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', target);
    EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', target);
    EXECUTE format('CREATE POLICY tenantry_tenant_isolation ON %s'
                   || ' USING (organization_id = tenantry_current_tenant())'
                   || ' WITH CHECK (organization_id = tenantry_current_tenant())', target);
END
$$;
