-- Tenantry tenancy module 2.2: policies that read the tenant once per statement.

-- ---------------------------------------------------------------------------------------------
-- The tenant once per statement
-- ---------------------------------------------------------------------------------------------
-- A policy USING (organization_id = tenantry_current_tenant()) evaluates the function (a setting
-- lookup and a uuid cast) for every row it filters; as a scalar subquery it is an InitPlan, computed
-- once per statement and then compared as a value. Same meaning, a fraction of the cost on scans.
CREATE OR REPLACE FUNCTION tenantry_enable_row_security(target regclass) RETURNS void
    LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', target);
    EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', target);
    EXECUTE format('CREATE POLICY tenantry_tenant_isolation ON %s'
                   || ' USING (organization_id = (SELECT tenantry_current_tenant()))'
                   || ' WITH CHECK (organization_id = (SELECT tenantry_current_tenant()))', target);
END
$$;

-- tables protected before 2.2 get the same expression
DO $$
DECLARE
    protected regclass;
BEGIN
    FOR protected IN SELECT polrelid::regclass FROM pg_policy WHERE polname = 'tenantry_tenant_isolation' LOOP
        EXECUTE format('ALTER POLICY tenantry_tenant_isolation ON %s'
                       || ' USING (organization_id = (SELECT tenantry_current_tenant()))'
                       || ' WITH CHECK (organization_id = (SELECT tenantry_current_tenant()))', protected);
    END LOOP;
END
$$;
