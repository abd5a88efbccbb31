package dev.tenantry.tenancy;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.inject.Qualifier;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * Qualifies an injected {@code EntityManager} or {@code Repository<T>} that works for the
 * {@link CurrentTenant current tenant}:
 *
 * <pre>{@code
 * @Inject @ForTenant EntityManager em;
 * @Inject @ForTenant Repository<Project> projects;
 * }</pre>
 *
 * <p>Each call looks up the current tenant and uses an EntityManager opened for it from the
 * application's factory, joined to the active JTA transaction and closed when it completes; outside
 * a transaction, one per request (reads only: writes need a transaction). So one injected instance
 * serves every tenant, also in application-scoped beans. With no current tenant every call throws
 * {@link TenantNotResolvedException}; for a VIEWER caller, writes throw {@link AccessDeniedException}.
 *
 * <p>The factory is the application's {@code EntityManagerFactory} bean when there is one, else the
 * one behind its {@code EntityManager} bean.
 */
@Qualifier
@Documented
@Retention(RUNTIME)
@Target({FIELD, METHOD, PARAMETER, TYPE})
public @interface ForTenant {
}
