package dev.tenantry.persistence.paging;

/** A keyset cursor that is malformed, or was issued for another sort. Immutable. */
public final class InvalidCursorException extends InvalidPagingException {

    private static final long serialVersionUID = 1L;

    /** @param message what is wrong with the cursor (never its content) */
    public InvalidCursorException(String message) {
        super(message);
    }
}
