/**
 * Typed data errors: constraint violations as exceptions that name the constraint, never raw
 * provider exceptions, and an opt-in JAX-RS mapper to RFC 9457 problem details.
 *
 * <p>{@link dev.tenantry.persistence.errors.DataErrors#translate(Throwable)} finds the PostgreSQL
 * error under any JPA or EclipseLink wrapper. Messages name the constraint, table and column, never
 * the offending values or the SQL.
 */
package dev.tenantry.persistence.errors;
