package dev.tenantry.persistence.web;

import jakarta.ws.rs.WebApplicationException;

/**
 * A request body larger than {@link RequestBodyLimit} allows: 413 through the problem mapper, whatever
 * JSON reader was reading it when the limit was crossed. Immutable.
 */
public final class PayloadTooLargeException extends WebApplicationException {

    private static final long serialVersionUID = 1L;

    /** @param limit the limit in bytes */
    public PayloadTooLargeException(long limit) {
        super("The request body is larger than " + limit + " bytes", 413);
    }
}
