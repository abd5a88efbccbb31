package dev.tenantry.audit;

import dev.tenantry.persistence.internal.StorableText;
import dev.tenantry.persistence.paging.InvalidCursorException;
import dev.tenantry.persistence.paging.InvalidPagingException;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Reads the audit trail of the tenant EntityManager it is given — never another tenant's: Activity is
 * a tenant entity, so EclipseLink adds the tenant to every query. Filters combine; pages are keyset
 * pages, newest first ({@code created_at DESC, id DESC}).
 *
 * <pre>{@code
 * new Activities(em).forEntity(Project.class, id).page(20, null);
 * new Activities(em).byActor("alice").between(from, to).page(50, cursor);
 * }</pre>
 */
public final class Activities {

    /** Largest page. */
    public static final int MAX_PAGE = 500;

    private final EntityManager em;
    private final Map<String, Object> filters = new LinkedHashMap<>();

    /** @param em a tenant EntityManager (e.g. {@code @ForTenant}) */
    public Activities(EntityManager em) {
        this.em = Objects.requireNonNull(em, "em");
    }

    /**
     * @param type entity class
     * @param id   entity id
     * @return this, limited to that entity's activities
     */
    public Activities forEntity(Class<?> type, UUID id) {
        filters.put("entityType", type.getSimpleName());
        filters.put("entityId", Objects.requireNonNull(id, "id"));
        return this;
    }

    /**
     * @param actor principal or system actor; a name no activity can hold (a NUL character, an unpaired
     *              surrogate: PostgreSQL cannot store it) matches nothing
     * @return this, limited to that actor
     */
    public Activities byActor(String actor) {
        filters.put("actor", Objects.requireNonNull(actor, "actor"));
        return this;
    }

    /**
     * @param type activity type
     * @return this, limited to that type
     */
    public Activities byType(String type) {
        filters.put("type", ActivityTypes.check(type));
        return this;
    }

    /**
     * @param from inclusive lower bound, or null
     * @param to   exclusive upper bound, or null
     * @return this, limited to that time range
     */
    public Activities between(OffsetDateTime from, OffsetDateTime to) {
        if (from != null) {
            filters.put("from", from);
        }
        if (to != null) {
            filters.put("to", to);
        }
        return this;
    }

    /**
     * @param size   1 to {@value #MAX_PAGE}
     * @param cursor the previous page's {@code next}, or null for the newest page
     * @return the page
     * @throws InvalidCursorException when the cursor is not one this API made
     * @throws InvalidPagingException  when the size is out of range (both client errors, HTTP 400)
     */
    public ActivityPage page(int size, String cursor) {
        if (size < 1 || size > MAX_PAGE) {
            throw new InvalidPagingException("Page size must be 1 to " + MAX_PAGE + ", got " + size);
        }
        if (filters.get("actor") instanceof String actor && StorableText.problemOf(actor) != null) {
            if (cursor != null) {
                decode(cursor);
            }
            return new ActivityPage(List.of(), Optional.empty());   // a parameter PostgreSQL refuses would fail the query
        }
        StringBuilder jpql = new StringBuilder("SELECT a FROM Activity a WHERE 1 = 1");
        Map<String, Object> parameters = new LinkedHashMap<>();
        filters.forEach((name, value) -> {
            switch (name) {
                case "from" -> jpql.append(" AND a.createdAt >= :from");
                case "to" -> jpql.append(" AND a.createdAt < :to");
                default -> jpql.append(" AND a.").append(name).append(" = :").append(name);
            }
            parameters.put(name, value);
        });
        if (cursor != null) {
            Object[] after = decode(cursor);
            jpql.append(" AND (a.createdAt < :afterTime OR (a.createdAt = :afterTime AND a.id < :afterId))");
            parameters.put("afterTime", after[0]);
            parameters.put("afterId", after[1]);
        }
        jpql.append(" ORDER BY a.createdAt DESC, a.id DESC");
        TypedQuery<Activity> query = em.createQuery(jpql.toString(), Activity.class);
        parameters.forEach(query::setParameter);
        List<Activity> rows = new ArrayList<>(query.setMaxResults(size + 1).getResultList());
        Optional<String> next = Optional.empty();
        if (rows.size() > size) {
            rows = rows.subList(0, size);
            Activity last = rows.get(size - 1);
            next = Optional.of(encode(last.getCreatedAt(), last.getId()));
        }
        return new ActivityPage(rows, next);
    }

    private static String encode(OffsetDateTime time, UUID id) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((time + "|" + id).getBytes(StandardCharsets.UTF_8));
    }

    private static Object[] decode(String cursor) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|", -1);
            if (parts.length != 2) {
                throw new IllegalArgumentException("two parts expected");
            }
            return new Object[] {OffsetDateTime.parse(parts[0]), UUID.fromString(parts[1])};
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new InvalidCursorException("The activity cursor is not one this API returned; start again without one");
        }
    }
}
