/**
 * What integrators implement: {@link dev.tenantry.persistence.spi.Seed}.
 */
package dev.tenantry.persistence.spi;
