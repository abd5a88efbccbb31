package dev.tenantry.tenancy;

import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes the unsafe methods (POST, PUT, PATCH, DELETE) of a JAX-RS resource honour the
 * {@code Idempotency-Key} request header (IETF httpapi draft): the first request's status and body
 * are stored in the same transaction as its writes, scoped by tenant, caller, method and path; a
 * retry with the same key gets that answer again (header {@code Idempotency-Replayed: true}) and
 * writes nothing; the same key with a different request is 422 {@code idempotency-key-reused}; a
 * duplicate sent while the first is still running is 409 {@code idempotency-in-progress}. A request
 * whose transaction rolls back stores nothing, so its retry runs again. This is how a client settles
 * a {@code commit-outcome-unknown} answer safely.
 *
 * <p>The methods must run in a transaction ({@code @Transactional}); requests without the header are
 * not affected. On a class it covers every unsafe method of the class: when one of them cannot run in
 * one transaction (work that commits in batches, like {@code OrganizationOffboarding}), annotate the
 * transactional methods instead: a deployment in which this annotation covers an unsafe method that
 * runs outside a transaction fails, naming the method, since its answer could not be stored
 * atomically with its work. Answers are kept for {@code tenantry.idempotency.retention} (default one day), as the
 * response carried them, in {@code tenantry_idempotency_keys} (tenant rows under row-level security):
 * do not mark methods whose answers carry secrets.
 */
@InterceptorBinding
@Inherited
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
public @interface Idempotent {
}
