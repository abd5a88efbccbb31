package dev.tenantry.tenancy;

import dev.tenantry.persistence.TenantryException;

/** An organization must keep at least one OWNER (HTTP 409). Immutable. */
public final class LastOwnerException extends TenantryException {

    private static final long serialVersionUID = 1L;

    /** @param principal the owner who would have been removed or demoted */
    public LastOwnerException(String principal) {
        super(OrganizationNotFoundException.abbreviate(principal) + " is the organization's last OWNER and cannot be removed or demoted;"
                + " make another member OWNER first");
    }
}
