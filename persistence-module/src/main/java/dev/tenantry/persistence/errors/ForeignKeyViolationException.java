package dev.tenantry.persistence.errors;

/**
 * Thrown when a reference points to a row that does not exist, or a row is still referenced (SQLState 23503).
 *
 * <p>Immutable. See {@link DataIntegrityException} for what the transaction keeps (nothing).
 */
public final class ForeignKeyViolationException extends DataIntegrityException {

    private static final long serialVersionUID = 1L;

    ForeignKeyViolationException(String message, String constraint, String sqlState, String table, String column, Throwable cause) {
        super(message, constraint, sqlState, table, column, cause);
    }
}
