package dev.tenantry.tenancy;

import dev.tenantry.persistence.TenantryException;

/**
 * The principal named is not a member of the organization, so their role cannot be changed nor their
 * membership removed. Raised only to a caller who is a member (members can list the members
 * anyway); anyone else gets {@link OrganizationNotFoundException}, so it tells outsiders nothing. A
 * client error (HTTP 404). Immutable.
 */
public final class MemberNotFoundException extends TenantryException {

    private static final long serialVersionUID = 1L;

    /**
     * @param organization the organization
     * @param principal    the principal asked for
     */
    public MemberNotFoundException(TenantId organization, String principal) {
        super(OrganizationNotFoundException.abbreviate(principal) + " is not a member of organization " + organization.value()
                + ": add them as a member first");
    }
}
