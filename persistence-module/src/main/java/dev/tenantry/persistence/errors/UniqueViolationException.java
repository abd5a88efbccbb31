package dev.tenantry.persistence.errors;

/**
 * Thrown when a value must be unique but another row already has it (SQLState 23505).
 *
 * <p>Immutable. See {@link DataIntegrityException} for what the transaction keeps (nothing).
 */
public final class UniqueViolationException extends DataIntegrityException {

    private static final long serialVersionUID = 1L;

    UniqueViolationException(String message, String constraint, String sqlState, String table, String column, Throwable cause) {
        super(message, constraint, sqlState, table, column, cause);
    }
}
