package dev.tenantry.persistence.paging;

import dev.tenantry.persistence.TenantryException;

/** A paging or sorting request that cannot be served: a client error (HTTP 400). Immutable. */
public class InvalidPagingException extends TenantryException {

    private static final long serialVersionUID = 1L;

    /** @param message what is wrong and what is accepted */
    public InvalidPagingException(String message) {
        super(message);
    }
}
