package dev.tenantry.tenancy;

import jakarta.ws.rs.NameBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks JAX-RS resources (classes or methods) whose requests run for one organization. Before the
 * resource runs, the tenant is resolved ({@link dev.tenantry.tenancy.spi.TenantResolver}, by
 * default the {@code X-Tenant} header with an organization id or slug) and the authenticated caller
 * must be a member: no tenant → 400, no caller → 401, unknown organization or not a member → the
 * same 404. The result is available as {@link RequestTenant}.
 */
@NameBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface TenantScoped {
}
