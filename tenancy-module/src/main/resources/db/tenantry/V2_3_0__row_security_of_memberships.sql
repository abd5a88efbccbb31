-- Tenantry tenancy module 2.3: row-level security for Tenantry's own memberships table.
--
-- memberships is a tenant table like any other: SELECT tenantry_enable_row_security('memberships') in
-- an application migration gives it the tenant isolation policy. Before a tenant is chosen, a caller
-- must still find its own memberships (which organizations may I act for, with which role?):
-- Tenantry sends the caller as the setting tenantry.principal while it looks organizations up, and
-- this second, read-only policy lets those rows through. It is inert until row-level security is
-- enabled on the table.

-- The principal Tenantry is looking up or managing organizations for; NULL when none is set.
CREATE FUNCTION tenantry_current_principal() RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE AS $$
SELECT nullif(current_setting('tenantry.principal', true), '')
$$;

CREATE POLICY tenantry_own_memberships ON memberships
    FOR SELECT
    USING (principal = (SELECT tenantry_current_principal()));
