package dev.tenantry.tenancy;

import dev.tenantry.persistence.TenantryException;

/**
 * An {@code Idempotency-Key} that cannot be honoured: reused for a different request (422), or sent
 * again while the first request with it is still running (409). The message never repeats the key.
 * Immutable.
 */
public final class IdempotencyException extends TenantryException {

    private static final long serialVersionUID = 1L;

    private final boolean inProgress;

    /**
     * @param message    what happened and what to do, without the key
     * @param inProgress whether the first request is still running (409), else the key was reused (422)
     */
    public IdempotencyException(String message, boolean inProgress) {
        super(message);
        this.inProgress = inProgress;
    }

    /** @return whether the first request with the key is still running (else: the key was reused) */
    public boolean inProgress() {
        return inProgress;
    }
}
