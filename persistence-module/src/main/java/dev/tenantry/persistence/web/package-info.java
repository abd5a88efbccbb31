/**
 * Tenantry at the HTTP edge of a JAX-RS application: the request body limit
 * ({@link dev.tenantry.persistence.web.RequestBodyLimit}) and the problem page for errors outside
 * JAX-RS ({@link dev.tenantry.persistence.web.ProblemErrorPage}).
 */
package dev.tenantry.persistence.web;
