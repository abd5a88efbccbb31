package dev.tenantry.audit;

import dev.tenantry.persistence.TenantryException;

/**
 * An audited change could not be recorded, so it is not made: the activity could not be written,
 * the change ran outside a transaction or without a tenant. The transaction rolls back with it, so
 * no change is ever left without its activity. The message says which and what to do; it never holds
 * a value.
 */
public class AuditException extends TenantryException {

    private static final long serialVersionUID = 1L;

    /** @param message what could not be recorded and what to do */
    public AuditException(String message) {
        super(message);
    }

    /**
     * @param message what could not be recorded and what to do
     * @param cause   the underlying failure
     */
    public AuditException(String message, Throwable cause) {
        super(message, cause);
    }
}
