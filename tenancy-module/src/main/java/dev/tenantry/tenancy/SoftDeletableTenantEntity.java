package dev.tenantry.tenancy;

import dev.tenantry.persistence.softdelete.SoftDeletableEntity;
import jakarta.persistence.DiscriminatorType;
import org.eclipse.persistence.annotations.Multitenant;
import org.eclipse.persistence.annotations.MultitenantType;
import org.eclipse.persistence.annotations.TenantDiscriminatorColumn;

/**
 * A soft-deletable entity that belongs to one organization.
 *
 * <p>The table needs {@code organization_id uuid NOT NULL} and a primary key
 * {@code (organization_id, id)}; foreign keys between tenant tables include {@code organization_id}.
 * EclipseLink fills the column from the EntityManager's tenant ({@link TenantEntityManagers}), adds
 * {@code organization_id = ?} to every query it builds and to the key of every UPDATE and DELETE,
 * and refuses to insert without a tenant ({@link TenantNotResolvedException}). Native SQL bypasses
 * all of this (it is off by default in EclipseLink multitenant units).
 */
@Multitenant(MultitenantType.SINGLE_TABLE)
@TenantDiscriminatorColumn(name = TenancySettings.TENANT_COLUMN, contextProperty = TenancySettings.TENANT_PROPERTY,
        discriminatorType = DiscriminatorType.STRING, primaryKey = true)
@jakarta.persistence.MappedSuperclass
public abstract class SoftDeletableTenantEntity extends SoftDeletableEntity {
}
