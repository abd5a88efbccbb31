package dev.tenantry.persistence;

import dev.tenantry.persistence.internal.TenantryRuntime;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.inject.Inject;

/**
 * Runs migrations and seeds while the application deploys, before it serves a request.
 *
 * <p>An EJB startup singleton rather than a CDI {@code @Initialized} observer: on Payara the
 * observer runs before the web module's naming context is usable, so seeds that inject a
 * {@code @PersistenceContext} fail there. Bean-managed transactions: Flyway commits its own work and
 * each seed gets a transaction of its own.
 *
 * <p>With Tenantry's jars in the application (WAR or EAR), this class is the singleton and nothing
 * is to be done. With Tenantry installed on the server and a thin WAR, the WAR declares a subclass
 * (an EJB whose class lies outside the deployment fails on Payara), which is also how Tenantry's CDI
 * extension knows the deployment uses it:
 *
 * <pre>{@code
 * @Singleton @Startup @TransactionManagement(TransactionManagementType.BEAN)
 * public class StartTenantry extends TenantryStartup {
 * }
 * }</pre>
 */
@Singleton
@Startup
@TransactionManagement(TransactionManagementType.BEAN)
public class TenantryStartup {

    @Inject
    TenantryRuntime runtime;

    @PostConstruct
    void start() {
        runtime.start();
    }
}
