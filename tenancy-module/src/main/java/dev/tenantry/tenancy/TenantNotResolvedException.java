package dev.tenantry.tenancy;

import dev.tenantry.persistence.TenantryException;

/**
 * Tenant-scoped work was attempted with no tenant known. Nothing was read or written. Immutable.
 */
public final class TenantNotResolvedException extends TenantryException {

    private static final long serialVersionUID = 1L;

    /** @param what the work that needed a tenant */
    public TenantNotResolvedException(String what) {
        super("No tenant is set for " + what + ". Run it inside Tenants.callAs(tenant, work) or Tenants.runAs(tenant, work), or in a request"
                + " whose tenant was resolved; tenant data is never read or written without one.");
    }
}
