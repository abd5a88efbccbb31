/**
 * Tenancy: whose data a unit of work may see and change.
 *
 * <p>Entities extending {@link dev.tenantry.tenancy.TenantEntity} or
 * {@link dev.tenantry.tenancy.SoftDeletableTenantEntity} belong to one organization (column
 * {@code organization_id uuid}, part of the primary key). EntityManagers opened through
 * {@link dev.tenantry.tenancy.TenantEntityManagers} for a {@link dev.tenantry.tenancy.TenantId}
 * read and write only that tenant's rows: EclipseLink adds the tenant to every query it builds and
 * to the key of every UPDATE and DELETE. Work with no tenant fails closed with
 * {@link dev.tenantry.tenancy.TenantNotResolvedException}.
 */
package dev.tenantry.tenancy;
