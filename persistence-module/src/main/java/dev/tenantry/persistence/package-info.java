/**
 * Tenantry persistence: the API an application types into its own code.
 *
 * <p>Entities extend {@link dev.tenantry.persistence.BaseEntity} (or
 * {@link dev.tenantry.persistence.softdelete.SoftDeletableEntity}); data access goes through
 * {@link dev.tenantry.persistence.repository.Repository}; every failure is a
 * {@link dev.tenantry.persistence.TenantryException}. Configuration keys are listed in
 * {@link dev.tenantry.persistence.PersistenceSettings}.
 *
 * <p>Subpackages, one feature each: {@code softdelete}, {@code repository}, {@code paging},
 * {@code errors}, {@code migration}, {@code seeding}, {@code settings}, {@code health};
 * {@code spi} is what integrators implement; {@code internal} carries no compatibility promise.
 */
package dev.tenantry.persistence;
