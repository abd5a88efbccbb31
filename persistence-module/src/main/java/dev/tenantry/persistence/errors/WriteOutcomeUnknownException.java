package dev.tenantry.persistence.errors;

import dev.tenantry.persistence.TenantryException;

/**
 * The connection to the database was lost while a write ran on its own, in autocommit (e.g. a
 * {@code Repository.direct()} write outside a transaction): the server may have applied it before
 * the connection went, or not, and the write was not repeated. Read the row again (its version tells)
 * before writing again, or write with the version you read, so that a second attempt cannot apply
 * twice. 503 {@code commit-outcome-unknown} through {@link ProblemDetailsMapper}.
 *
 * <p>Inside a transaction a lost connection applies nothing, and is not this exception.
 */
public class WriteOutcomeUnknownException extends TenantryException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what was being written (the entity, never a value) and what to do
     * @param cause   the driver's or EclipseLink's report of the lost connection
     */
    public WriteOutcomeUnknownException(String message, Throwable cause) {
        super(message, cause);
    }
}
