package dev.tenantry.persistence.errors;

import dev.tenantry.persistence.TenantryException;
import java.util.Optional;

/**
 * A statement broke a database constraint. The transaction is marked for rollback: nothing it wrote
 * is kept. Subclasses name the kind of constraint.
 *
 * <p>Immutable; the message names the constraint and table but never the values or the SQL.
 */
public abstract class DataIntegrityException extends TenantryException {

    private static final long serialVersionUID = 1L;

    private final String constraint;
    private final String sqlState;
    private final String table;
    private final String column;

    DataIntegrityException(String message, String constraint, String sqlState, String table, String column,
                           Throwable cause) {
        super(message, cause);
        this.constraint = constraint;
        this.sqlState = sqlState;
        this.table = table;
        this.column = column;
    }

    /** @return the violated constraint's name as PostgreSQL reports it (empty for NOT NULL, which has none) */
    public Optional<String> constraint() {
        return Optional.ofNullable(constraint);
    }

    /** @return the five-character SQLState, e.g. {@code 23505} */
    public String sqlState() {
        return sqlState;
    }

    /** @return the table the statement wrote to, when the server said */
    public Optional<String> table() {
        return Optional.ofNullable(table);
    }

    /** @return the column concerned, when the server said (NOT NULL violations) */
    public Optional<String> column() {
        return Optional.ofNullable(column);
    }
}
