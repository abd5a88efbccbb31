package dev.tenantry.tenancy;

import dev.tenantry.persistence.TenantryException;

/**
 * No live organization with that id or slug, <em>or</em> the caller is not a member of it: the two
 * are deliberately indistinguishable, so a non-member cannot learn that an organization exists.
 * A client error (HTTP 404). Immutable.
 */
public final class OrganizationNotFoundException extends TenantryException {

    private static final long serialVersionUID = 1L;

    /** @param reference the id or slug asked for */
    public OrganizationNotFoundException(String reference) {
        super("Organization " + abbreviate(reference) + " not found");
    }

    /** A reference as a message may show it: at most 80 characters (it comes from a request, of any length). */
    static String abbreviate(String reference) {
        return reference == null || reference.length() <= 80 ? String.valueOf(reference)
                : reference.substring(0, 80) + "…(" + reference.length() + " characters)";
    }
}
