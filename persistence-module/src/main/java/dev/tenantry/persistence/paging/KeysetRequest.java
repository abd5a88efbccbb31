package dev.tenantry.persistence.paging;

import java.util.Objects;

/**
 * A request for the page after a cursor, ordered by one attribute plus the id. Keyset pages cost the
 * same at any depth, unlike offset pages; they have no total.
 *
 * @param order the sort attribute (must never be null in the data) and direction
 * @param size  items per page, 1 to {@link PageRequest#MAX_SIZE}
 * @param after where the previous page ended, or {@code null} for the first page
 */
public record KeysetRequest(Order order, int size, Cursor after) {

    /** Validates the size. */
    public KeysetRequest {
        Objects.requireNonNull(order, "order");
        if (size < 1 || size > PageRequest.MAX_SIZE) {
            throw new InvalidPagingException("Page size must be between 1 and " + PageRequest.MAX_SIZE + ", got " + size);
        }
    }

    /**
     * @param size items per page
     * @return the first page in id order (creation order, for time-ordered ids)
     */
    public static KeysetRequest first(int size) {
        return new KeysetRequest(Order.asc("id"), size, null);
    }

    /**
     * @param next the cursor a previous page returned
     * @return the same request, continuing after {@code next}
     */
    public KeysetRequest after(Cursor next) {
        return new KeysetRequest(order, size, next);
    }
}
