/**
 * Benchmarks of Tenantry against raw JDBC and Hibernate 7 ({@code @TenantId} + {@code @SoftDelete})
 * in one process on one PostgreSQL: {@link dev.tenantry.benchmark.SideBySideBenchmark} (every
 * operation, plain, with row-level security, audited, both; answers compared before anything is
 * timed) and {@link dev.tenantry.benchmark.ScaleBenchmark} (100k to 10M rows). Not a library: the
 * README gives the commands.
 */
package dev.tenantry.benchmark;
