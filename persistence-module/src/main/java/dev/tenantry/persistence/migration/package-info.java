/**
 * Flyway migrations at deployment: the plugin's own ({@code classpath:db/tenantry}, history table
 * {@code tenantry_schema_history}) first, then the application's ({@code classpath:db/migration} by
 * default, history table {@code flyway_schema_history}). A failed or changed migration stops the
 * deployment with a {@link dev.tenantry.persistence.migration.MigrationFailedException} naming it.
 */
package dev.tenantry.persistence.migration;
