package dev.tenantry.persistence.migration;

import dev.tenantry.persistence.TenantryException;

/**
 * A migration failed or no longer matches what was applied; the deployment must not go on. Immutable.
 */
public final class MigrationFailedException extends TenantryException {

    private static final long serialVersionUID = 1L;

    private final String migration;

    MigrationFailedException(String message, String migration, Throwable cause) {
        super(message, cause);
        this.migration = migration;
    }

    /** @return the migration concerned, e.g. {@code V3 (add_books)}, or "unknown" */
    public String migration() {
        return migration;
    }
}
