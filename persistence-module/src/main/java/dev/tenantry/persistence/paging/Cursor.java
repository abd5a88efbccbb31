package dev.tenantry.persistence.paging;

/**
 * An opaque keyset position, as handed to clients. It encodes the sort value and id of the last
 * item of a page; it is not encrypted, so do not sort by secret attributes (Tenantry refuses to sort
 * by an encrypted one, {@link InvalidSortException}).
 *
 * @param token the URL-safe text form
 */
public record Cursor(String token) {

    /** Rejects empty tokens. */
    public Cursor {
        if (token == null || token.isBlank()) {
            throw new InvalidCursorException("Cursor must not be empty; omit it to start at the first page");
        }
    }
}
