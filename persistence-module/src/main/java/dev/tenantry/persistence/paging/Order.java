package dev.tenantry.persistence.paging;

import java.util.Objects;

/**
 * One sort key: an entity attribute name and a direction.
 *
 * @param attribute the Java attribute name (not the column), e.g. {@code createdAt}
 * @param direction ascending or descending
 */
public record Order(String attribute, Direction direction) {

    /** Rejects blank names and anything but a plain Java identifier (no paths, no SQL). */
    public Order {
        Objects.requireNonNull(direction, "direction");
        if (attribute == null || !attribute.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new InvalidSortException("Sort attribute must be an entity attribute name, got '" + attribute + "'");
        }
    }

    /**
     * @param attribute attribute name
     * @return ascending order on it
     */
    public static Order asc(String attribute) {
        return new Order(attribute, Direction.ASC);
    }

    /**
     * @param attribute attribute name
     * @return descending order on it
     */
    public static Order desc(String attribute) {
        return new Order(attribute, Direction.DESC);
    }

    /**
     * Parses the common REST form: {@code title} or {@code +title} ascending, {@code -title}
     * descending; {@code title,desc} is also accepted.
     *
     * @param text the sort text
     * @return the order
     */
    public static Order parse(String text) {
        String t = text == null ? "" : text.trim();
        if (t.startsWith("-")) {
            return desc(t.substring(1));
        }
        if (t.startsWith("+")) {
            return asc(t.substring(1));
        }
        int comma = t.indexOf(',');
        if (comma > 0) {
            String dir = t.substring(comma + 1).trim();
            if (dir.equalsIgnoreCase("asc") || dir.equalsIgnoreCase("desc")) {
                return new Order(t.substring(0, comma).trim(), Direction.valueOf(dir.toUpperCase(java.util.Locale.ROOT)));
            }
            throw new InvalidSortException("Sort direction must be 'asc' or 'desc', got '" + dir + "'");
        }
        return asc(t);
    }
}
