-- Tenantry tenancy module 2.4: policies that PostgreSQL plans cheaply.
--
-- PostgreSQL plans a statement again on every execution when its parameters make a custom plan
-- look cheaper than the generic one, as for EclipseLink's soft-delete filter
-- "(deleted_at IS NULL) OR (? = ?)". Each such planning inlines the policies' SQL function
-- (tenantry_current_tenant(): its body is parsed again) and plans the scalar subquery of 2.2 as a
-- plan of its own. Measured on a page-of-20 count (RowSecurityBenchmark), that planning made the
-- policy cost a third of the statement. The setting itself, written out in the policy, costs
-- neither: a stable expression without column references, compared with an indexed column, is
-- evaluated once per scan as an index condition, and where the statement also filters on the
-- tenant column (every Tenantry query does) the planner turns it into a one-time filter.
-- Same meaning as before: rows of the current tenant only; no tenant set, no rows.

CREATE OR REPLACE FUNCTION tenantry_enable_row_security(target regclass) RETURNS void
    LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', target);
    EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', target);
    EXECUTE format('CREATE POLICY tenantry_tenant_isolation ON %s'
                   || ' USING (organization_id = nullif(current_setting(''tenantry.tenant_id'', true), '''')::uuid)'
                   || ' WITH CHECK (organization_id = nullif(current_setting(''tenantry.tenant_id'', true), '''')::uuid)',
                   target);
END
$$;

-- tables protected before 2.4 get their policy again, from the function above
DO $$
DECLARE
    protected regclass;
BEGIN
    FOR protected IN SELECT polrelid::regclass FROM pg_policy WHERE polname = 'tenantry_tenant_isolation' LOOP
        EXECUTE format('DROP POLICY tenantry_tenant_isolation ON %s', protected);
        PERFORM tenantry_enable_row_security(protected);
    END LOOP;
END
$$;

-- the principal's own memberships, likewise
ALTER POLICY tenantry_own_memberships ON memberships
    USING (principal = nullif(current_setting('tenantry.principal', true), ''));
