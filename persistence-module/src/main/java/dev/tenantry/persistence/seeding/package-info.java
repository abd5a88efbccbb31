/**
 * Runs {@link dev.tenantry.persistence.spi.Seed}s in order, each in its own transaction, skipping
 * demo seeds outside demo mode.
 */
package dev.tenantry.persistence.seeding;
