package dev.tenantry.persistence.errors;

/**
 * Thrown when a required column was left empty (SQLState 23502).
 *
 * <p>Immutable. See {@link DataIntegrityException} for what the transaction keeps (nothing).
 */
public final class NotNullViolationException extends DataIntegrityException {

    private static final long serialVersionUID = 1L;

    NotNullViolationException(String message, String constraint, String sqlState, String table, String column, Throwable cause) {
        super(message, constraint, sqlState, table, column, cause);
    }
}
