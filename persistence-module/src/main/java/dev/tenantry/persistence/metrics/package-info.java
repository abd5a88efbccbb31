/**
 * Operational metrics: {@link dev.tenantry.persistence.metrics.TenantryMetrics} keeps Tenantry's
 * counters, timers and gauges (entity reads and writes, audit writes, decryption failures, start-up
 * problems, job runs, connection waits) and hands them to the server's metrics endpoint.
 */
package dev.tenantry.persistence.metrics;
