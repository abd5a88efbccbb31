-- The tenant tables under row-level security, as an application's migrations protect them (the
-- superuser of AuditTest bypasses it; AuditUnderRowSecurityTest's tenantry_app does not)
SELECT tenantry_enable_row_security('invoices');
SELECT tenantry_enable_row_security('plain_invoices');
SELECT tenantry_enable_row_security('activities');
SELECT tenantry_enable_row_security('memberships');
