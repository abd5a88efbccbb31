package dev.tenantry.persistence.internal;

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
