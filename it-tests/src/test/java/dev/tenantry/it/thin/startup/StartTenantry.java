package dev.tenantry.it.thin.startup;

import dev.tenantry.persistence.TenantryStartup;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;

/**
 * Tenantry's start-up singleton as a class of the thin WAR, for Tenantry on Payara's class path: an
 * EJB whose class lies outside the deployment's bean archives (as {@code ejb-jar.xml} would declare it)
 * fails on Payara, so the WAR declares a subclass.
 */
@Singleton
@Startup
@TransactionManagement(TransactionManagementType.BEAN)
public class StartTenantry extends TenantryStartup {
}
