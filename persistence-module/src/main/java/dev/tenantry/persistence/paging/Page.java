package dev.tenantry.persistence.paging;

import java.util.List;
import java.util.Objects;

/**
 * One offset page and the size of the whole result.
 *
 * @param items the page's items, at most {@code size}
 * @param total how many items the whole result has
 * @param page  zero-based page number
 * @param size  requested page size
 * @param <T>   item type
 */
public record Page<T>(List<T> items, long total, int page, int size) {

    /** Copies the item list; a Page is immutable. */
    public Page {
        items = List.copyOf(Objects.requireNonNull(items, "items"));
        if (total < 0 || page < 0 || size < 1) {
            throw new IllegalArgumentException("Invalid page: total=" + total + ", page=" + page + ", size=" + size);
        }
    }

    /** @return how many pages the whole result fills (0 when it is empty) */
    public long totalPages() {
        return (total + size - 1) / size;
    }

    /** @return whether a later page has items */
    public boolean hasNext() {
        return page + 1L < totalPages();
    }
}
