/**
 * Tenantry's test kit for applications' own suites (add {@code tenantry-testing} at test scope):
 * {@link dev.tenantry.testing.TenantryDatabase}, a JUnit 5 extension with a migrated PostgreSQL
 * database under row-level security, the application's persistence unit, members acting in their
 * organizations, and tenant-isolation assertions.
 */
package dev.tenantry.testing;
