-- Tenantry's own tenant tables get the same policy as the application's, with the same one line each:
-- memberships (a caller still finds its own memberships while choosing an organization) and the
-- audit trail.
SELECT tenantry_enable_row_security('memberships');
SELECT tenantry_enable_row_security('activities');
