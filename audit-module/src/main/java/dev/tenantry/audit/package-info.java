/**
 * The audit trail: {@link dev.tenantry.audit.Activity} rows (who, tenant, what, which entity, field
 * changes) written in the same transaction as the change they record.
 *
 * <p>Mark a tenant entity {@link dev.tenantry.audit.Audited} and every insert, update, delete,
 * restore and purge of it is recorded, with field-level old → new values; fields with a converter
 * (encrypted ones) or {@link dev.tenantry.audit.AuditExclude} are recorded as changed, never with
 * their values. On a CDI bean method, {@code @Audited(type = ...)} records one business activity.
 * The actor and correlation id come from {@link dev.tenantry.audit.AuditContext} (filled per JAX-RS
 * request); {@link dev.tenantry.audit.Activities} reads the trail of the current tenant, and
 * {@link dev.tenantry.audit.ActivityRetention} deletes old activities by age. Activities are
 * append-only for the runtime role.
 */
package dev.tenantry.audit;
