package dev.tenantry.persistence.internal;

import dev.tenantry.persistence.paging.Cursor;
import dev.tenantry.persistence.paging.InvalidCursorException;
import dev.tenantry.persistence.paging.InvalidSortException;
import dev.tenantry.persistence.paging.Order;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.UUID;

/**
 * Writes and reads keyset cursors: {@code v1 \n attribute \n direction \n value \n id}, base64url.
 * A cursor only continues the sort it was issued for. The value is any text (line breaks included): it is
 * what stands between the third line break and the last one, since neither the attribute, the direction
 * nor the id holds one.
 */
public final class CursorCodec {

    private static final String VERSION = "v1";

    private CursorCodec() {
    }

    /**
     * @param order the sort the page used
     * @param value the sort attribute's value on the page's last item
     * @param id    that item's id
     * @return the cursor
     */
    public static Cursor encode(Order order, Object value, UUID id) {
        if (value == null) {
            throw new InvalidSortException("Keyset paging by '" + order.attribute()
                    + "' needs a value on every row, but row " + id + " has none; sort by a NOT NULL attribute");
        }
        String text = String.join("\n", VERSION, order.attribute(), order.direction().name(), format(value), id.toString());
        return new Cursor(Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * @param cursor the cursor a client sent
     * @param order  the sort of the current request
     * @param type   the Java type of the sort attribute
     * @return the position it encodes
     * @throws InvalidCursorException when it is malformed or belongs to another sort
     */
    public static Position decode(Cursor cursor, Order order, Class<?> type) {
        String[] parts;
        try {
            parts = new String(Base64.getUrlDecoder().decode(cursor.token()), StandardCharsets.UTF_8).split("\n", 4);
        } catch (IllegalArgumentException e) {
            throw new InvalidCursorException("Cursor is not valid; use the 'next' cursor of a previous page as is");
        }
        int lastBreak = parts.length == 4 ? parts[3].lastIndexOf('\n') : -1;
        if (lastBreak < 0 || !VERSION.equals(parts[0])) {
            throw new InvalidCursorException("Cursor is not valid; use the 'next' cursor of a previous page as is");
        }
        if (!parts[1].equals(order.attribute()) || !parts[2].equals(order.direction().name())) {
            throw new InvalidCursorException("Cursor was issued for another sort; start again without a cursor when "
                    + "changing the sort");
        }
        String value = parts[3].substring(0, lastBreak);
        if (StorableText.problemOf(value) != null) {    // no row holds it: forged, and PostgreSQL would refuse it
            throw new InvalidCursorException("Cursor is not valid; use the 'next' cursor of a previous page as is");
        }
        try {
            return new Position(parse(value, type), UUID.fromString(parts[3].substring(lastBreak + 1)));
        } catch (RuntimeException e) {
            throw new InvalidCursorException("Cursor is not valid; use the 'next' cursor of a previous page as is");
        }
    }

    /**
     * A decoded cursor.
     *
     * @param value sort attribute value
     * @param id    id of the last item seen
     */
    public record Position(Object value, UUID id) {
    }

    private static String format(Object value) {
        if (value instanceof Enum<?> e) {
            return e.name();
        }
        return value.toString();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object parse(String text, Class<?> type) {
        if (type == String.class) {
            return text;
        } else if (type == UUID.class) {
            return UUID.fromString(text);
        } else if (type == Long.class || type == long.class) {
            return Long.valueOf(text);
        } else if (type == Integer.class || type == int.class) {
            return Integer.valueOf(text);
        } else if (type == Short.class || type == short.class) {
            return Short.valueOf(text);
        } else if (type == BigDecimal.class) {
            return new BigDecimal(text);
        } else if (type == BigInteger.class) {
            return new BigInteger(text);
        } else if (type == Double.class || type == double.class) {
            return Double.valueOf(text);
        } else if (type == OffsetDateTime.class) {
            return OffsetDateTime.parse(text);
        } else if (type == Instant.class) {
            return Instant.parse(text);
        } else if (type == LocalDate.class) {
            return LocalDate.parse(text);
        } else if (type == LocalDateTime.class) {
            return LocalDateTime.parse(text);
        } else if (type == Boolean.class || type == boolean.class) {
            return Boolean.valueOf(text);
        } else if (type.isEnum()) {
            return Enum.valueOf((Class<? extends Enum>) type, text);
        }
        throw new InvalidSortException("Keyset paging cannot sort by an attribute of type " + type.getSimpleName());
    }
}
