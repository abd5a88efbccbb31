package dev.tenantry.persistence.errors;

/**
 * Thrown when a value broke a CHECK constraint (SQLState 23514).
 *
 * <p>Immutable. See {@link DataIntegrityException} for what the transaction keeps (nothing).
 */
public final class CheckViolationException extends DataIntegrityException {

    private static final long serialVersionUID = 1L;

    CheckViolationException(String message, String constraint, String sqlState, String table, String column, Throwable cause) {
        super(message, constraint, sqlState, table, column, cause);
    }
}
