package dev.tenantry.tenancy;

import dev.tenantry.persistence.TenantryException;

/** The caller is a member but their role is too weak for the operation (HTTP 403). Immutable. */
public final class AccessDeniedException extends TenantryException {

    private static final long serialVersionUID = 1L;

    /**
     * @param operation what was attempted
     * @param required  the weakest role allowed
     * @param actual    the caller's role
     */
    public AccessDeniedException(String operation, Role required, Role actual) {
        super(operation + " requires role " + required + " or stronger; the caller has " + actual);
    }
}
