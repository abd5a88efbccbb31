-- Tenantry tenancy module 2.8: content published while its organization is being deleted ends as a
-- draft, whichever transaction commits first.
--
-- Before, the trigger on organizations unpublished the rows it could see when the organization was
-- soft-deleted. A transaction publishing a row of that organization at the same moment was not
-- held up by the deletion (its foreign key check takes only a KEY SHARE lock, which an UPDATE of
-- deleted_at does not conflict with): either it inserted after the deletion had looked, or it read
-- the organization as live before the deletion committed. Either way a published row of a deleted
-- organization was left behind.
--
-- Now the row trigger of each publishable table, tenantry_unpublish_on_organization_loss, does both
-- jobs in one function: as before, a row whose organization_id goes from a value to NULL becomes a
-- draft; and a row of an organization that becomes or stays non-draft through a change of its
-- status, published_at or organization locks the organization (FOR SHARE, which conflicts with the
-- deletion's row lock): if the deletion holds the organization, the publisher waits for it, then
-- sees it deleted and stores a draft; if the publisher holds it, the deletion waits, then its
-- trigger sees the committed row and unpublishes it. Rows of no organization, drafts, and updates
-- that touch none of the three columns take no lock. The trigger keeps its name, so
-- tenantry_distribute_table still finds and drops it.
--
-- On Citus (organizations is a reference table there, and distributed tables carry no row triggers)
-- only the first job is done, on the tables that are not distributed, as before:
-- OrganizationService unpublishes in the deleting transaction, and a row published concurrently may
-- stay published (README, "Tenantry on Citus").

CREATE FUNCTION tenantry_publish_only_in_live_organization() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.organization_id IS NOT NULL AND NEW.organization_id IS NULL THEN
        NULL;   -- the organization was hard-deleted (ON DELETE SET NULL), or a direct UPDATE: a draft
    ELSIF NEW.organization_id IS NULL OR (NEW.status = 'draft' AND NEW.published_at IS NULL) THEN
        RETURN NEW;
    ELSIF TG_OP = 'UPDATE' AND NEW.status IS NOT DISTINCT FROM OLD.status
            AND NEW.published_at IS NOT DISTINCT FROM OLD.published_at
            AND NEW.organization_id IS NOT DISTINCT FROM OLD.organization_id THEN
        RETURN NEW;
    ELSIF tenantry_citus() THEN   -- asked last: a catalog lookup
        RETURN NEW;
    ELSE
        PERFORM 1 FROM organizations WHERE id = NEW.organization_id AND deleted_at IS NULL FOR SHARE;
        IF FOUND THEN
            RETURN NEW;
        END IF;   -- deleted: a draft (a missing one is the foreign key's to refuse)
    END IF;
    NEW.status := 'draft';
    NEW.published_at := NULL;
    RETURN NEW;
END
$$;

DO $$
BEGIN
    EXECUTE format('ALTER FUNCTION tenantry_publish_only_in_live_organization() SET search_path = pg_catalog, %I, pg_temp',
                   current_schema());
END
$$;
-- a trigger function is never called directly; nobody needs EXECUTE on it
REVOKE EXECUTE ON FUNCTION tenantry_publish_only_in_live_organization() FROM PUBLIC;

-- The tables that are not distributed get the trigger under its old name, with the new function and
-- events.
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
        EXECUTE format('CREATE TRIGGER tenantry_unpublish_on_organization_loss'
                       || ' BEFORE INSERT OR UPDATE OF status, published_at, organization_id ON %s'
                       || ' FOR EACH ROW EXECUTE FUNCTION tenantry_publish_only_in_live_organization()', target);
    END IF;
    INSERT INTO tenantry_publishable_tables (table_name) VALUES (target) ON CONFLICT DO NOTHING;
END
$$;

-- the tables made publishable before this version
DO $$
DECLARE
    target regclass;
BEGIN
    FOR target IN SELECT table_name::regclass FROM tenantry_publishable_tables LOOP
        PERFORM tenantry_make_publishable(target);
    END LOOP;
END
$$;

-- tenantry_unpublish_on_organization_loss() (2.1) is no longer called by Tenantry's triggers; it stays
-- for any trigger an application made with it.
