package dev.tenantry.audit;

import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.enterprise.util.Nonbinding;
import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.Documented;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * Two uses, one name.
 *
 * <p>On an <b>entity</b> (a {@code TenantEntity} or {@code SoftDeletableTenantEntity}): every insert,
 * update, delete, restore and purge of it through EclipseLink writes an {@link Activity} in the same
 * transaction ({@code created}, {@code updated} with field-level old → new values taken from
 * EclipseLink's change set, {@code deleted}, {@code restored}, {@code purged}). Fields with an
 * attribute converter (encrypted ones among them) or {@link AuditExclude} are recorded as changed,
 * never with their values. {@link #type()} and {@link #description()} are ignored there.
 *
 * <p>On a <b>CDI bean method</b> (or class): an interceptor writes one Activity of {@link #type()}
 * after the method returns normally, inside its transaction (the method must run in one, e.g.
 * {@code @Transactional}); nothing is written when it throws. {@link #description()} may use the
 * method's arguments as {@code {0}}, {@code {1}}, ... ({@link java.text.MessageFormat}).
 */
@Inherited
@Documented
@InterceptorBinding
@Retention(RUNTIME)
@Target({TYPE, METHOD})
public @interface Audited {

    /** @return the activity type of a business operation, e.g. {@code project.archived} */
    @Nonbinding
    String type() default "";

    /** @return its description; {@code {n}} is the n-th argument */
    @Nonbinding
    String description() default "";
}
