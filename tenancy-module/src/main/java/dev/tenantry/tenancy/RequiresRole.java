package dev.tenantry.tenancy;

import jakarta.enterprise.util.Nonbinding;
import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The weakest role allowed to call a CDI bean method in a {@link TenantScoped} request; weaker roles
 * get {@link AccessDeniedException} (403) before the method runs.
 */
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface RequiresRole {

    /** @return the weakest role allowed */
    @Nonbinding
    Role value();
}
