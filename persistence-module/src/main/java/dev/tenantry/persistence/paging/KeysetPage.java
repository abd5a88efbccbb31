package dev.tenantry.persistence.paging;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One keyset page.
 *
 * @param items the page's items
 * @param next  the cursor for the following page, or {@code null} when this is the last one
 * @param <T>   item type
 */
public record KeysetPage<T>(List<T> items, Cursor next) {

    /** Copies the items; a page is immutable. */
    public KeysetPage {
        items = List.copyOf(Objects.requireNonNull(items, "items"));
    }

    /** @return the cursor for the next page, if there is one */
    public Optional<Cursor> nextCursor() {
        return Optional.ofNullable(next);
    }
}
