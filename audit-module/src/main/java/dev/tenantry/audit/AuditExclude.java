package dev.tenantry.audit;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/** A field of an {@link Audited} entity whose values never go into an Activity: only that it changed. */
@Documented
@Retention(RUNTIME)
@Target(FIELD)
public @interface AuditExclude {
}
