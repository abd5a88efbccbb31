package dev.tenantry.persistence.paging;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An ordered list of sort keys. The repository always appends the id as a final tie-breaker, so
 * pages are stable even when sort values repeat.
 *
 * @param orders sort keys, most significant first; may be empty (then: by id)
 */
public record Sort(List<Order> orders) {

    /** Copies the list, so a Sort cannot change after construction. */
    public Sort {
        orders = List.copyOf(Objects.requireNonNull(orders, "orders"));
    }

    /** @return no explicit order (id order, which for time-ordered ids is creation order) */
    public static Sort unsorted() {
        return new Sort(List.of());
    }

    /**
     * @param orders sort keys, most significant first
     * @return the sort
     */
    public static Sort by(Order... orders) {
        return new Sort(List.of(orders));
    }

    /**
     * Parses a comma-free list form used in query strings: {@code ["-createdAt", "title"]}.
     *
     * @param texts each as accepted by {@link Order#parse(String)}; null or empty means unsorted
     * @return the sort
     */
    public static Sort parse(List<String> texts) {
        if (texts == null) {
            return unsorted();
        }
        List<Order> parsed = new ArrayList<>();
        for (String t : texts) {
            if (t != null && !t.isBlank()) {
                parsed.add(Order.parse(t));
            }
        }
        return new Sort(parsed);
    }
}
