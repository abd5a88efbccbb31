package dev.tenantry.persistence.paging;

import java.util.Objects;

/**
 * A request for one offset page.
 *
 * @param page zero-based page number, {@code >= 0}
 * @param size items per page, 1 to {@value #MAX_SIZE}
 * @param sort the order of the whole result
 */
public record PageRequest(int page, int size, Sort sort) {

    /** The largest page size served; larger requests are refused rather than silently cut. */
    public static final int MAX_SIZE = 1000;

    /** Validates the numbers so an invalid request cannot exist. */
    public PageRequest {
        Objects.requireNonNull(sort, "sort");
        if (page < 0) {
            throw new InvalidPagingException("Page number must be 0 or more, got " + page);
        }
        if (size < 1 || size > MAX_SIZE) {
            throw new InvalidPagingException("Page size must be between 1 and " + MAX_SIZE + ", got " + size);
        }
    }

    /**
     * @param page zero-based page number
     * @param size items per page
     * @return an unsorted request (id order)
     */
    public static PageRequest of(int page, int size) {
        return new PageRequest(page, size, Sort.unsorted());
    }

    /** @return the offset of the first item */
    public long offset() {
        return (long) page * size;
    }
}
