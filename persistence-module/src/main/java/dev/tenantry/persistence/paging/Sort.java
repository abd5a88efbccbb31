package dev.tenantry.persistence.paging;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * An ordered list of sort keys. The repository always appends the id as a final tie-breaker, so
 * pages are stable even when sort values repeat.
 *
 * <p>At most {@value #MAX_KEYS} keys, each attribute at most once: sort texts usually come from
 * clients, and every distinct sort is a distinct query the database and Tenantry prepare and keep.
 *
 * @param orders sort keys, most significant first; may be empty (then: by id)
 */
public record Sort(List<Order> orders) {

    /** The most sort keys one sort may have. */
    public static final int MAX_KEYS = 8;

    /**
     * Copies the list, so a Sort cannot change after construction.
     *
     * @throws InvalidSortException for more than {@value #MAX_KEYS} keys or an attribute named twice
     */
    public Sort {
        orders = List.copyOf(Objects.requireNonNull(orders, "orders"));
        if (orders.size() > MAX_KEYS) {
            throw new InvalidSortException("Sort by at most " + MAX_KEYS + " attributes, got " + orders.size());
        }
        Set<String> seen = new HashSet<>();
        for (Order o : orders) {
            if (!seen.add(o.attribute())) {
                throw new InvalidSortException("Sort attribute '" + o.attribute() + "' is given more than once");
            }
        }
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
     * @throws InvalidSortException as {@link Order#parse(String)}, or for more than {@value #MAX_KEYS}
     *         keys or a repeated attribute
     */
    public static Sort parse(List<String> texts) {
        if (texts == null) {
            return unsorted();
        }
        List<Order> parsed = new ArrayList<>();
        for (String t : texts) {
            if (t != null && !t.isBlank()) {
                if (parsed.size() == MAX_KEYS) {   // before parsing the rest of a huge list
                    throw new InvalidSortException("Sort by at most " + MAX_KEYS + " attributes, got more");
                }
                parsed.add(Order.parse(t));
            }
        }
        return new Sort(parsed);
    }
}
