package dev.tenantry.persistence.paging;

/** A sort names an attribute the entity does not have, or one that cannot be sorted by. Immutable. */
public final class InvalidSortException extends InvalidPagingException {

    private static final long serialVersionUID = 1L;

    /** @param message names the attribute and the ones accepted */
    public InvalidSortException(String message) {
        super(message);
    }
}
