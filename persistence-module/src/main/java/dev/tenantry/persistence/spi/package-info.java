/**
 * What integrators implement: {@link dev.tenantry.persistence.spi.Seed} (start-up data),
 * {@link dev.tenantry.persistence.spi.SoftDeleteListener} (soft-delete events) and
 * {@link dev.tenantry.persistence.spi.StartupCheck} (security checks at start-up).
 */
package dev.tenantry.persistence.spi;
