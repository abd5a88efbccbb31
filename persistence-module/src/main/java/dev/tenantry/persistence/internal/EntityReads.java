package dev.tenantry.persistence.internal;

import dev.tenantry.persistence.BaseEntity;
import dev.tenantry.persistence.paging.Direction;
import dev.tenantry.persistence.paging.KeysetPage;
import dev.tenantry.persistence.paging.KeysetRequest;
import dev.tenantry.persistence.paging.Order;
import dev.tenantry.persistence.paging.Page;
import dev.tenantry.persistence.paging.PageRequest;
import jakarta.persistence.EntityManager;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Root;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The read queries shared by {@code Repository} and its include-deleted view; EclipseLink applies
 * every descriptor filter (soft delete, tenant) to them. The per-page queries are JPQL text made
 * only of metamodel-checked names, so EclipseLink's parse cache serves them.
 *
 * @param <T> entity type
 */
public final class EntityReads<T extends BaseEntity> {

    private final Class<T> type;

    /** @param type entity class */
    public EntityReads(Class<T> type) {
        this.type = type;
    }

    /**
     * @param em EntityManager to read with
     * @return number of visible rows
     */
    public long count(EntityManager em) {
        // JPQL text rather than Criteria: EclipseLink caches a parsed JPQL query and its SQL by text
        return em.createQuery("SELECT COUNT(e) FROM " + SortableAttributes.of(em.getMetamodel(), type).entityName() + " e",
                Long.class).getSingleResult();
    }

    /**
     * Visible-row existence by query, never from a cache.
     *
     * @param em EntityManager to read with
     * @param id id
     * @return whether a visible row has that id
     */
    public boolean exists(EntityManager em, UUID id) {
        CriteriaBuilder cb = em.getCriteriaBuilder();
        CriteriaQuery<Long> q = cb.createQuery(Long.class);
        Root<T> root = q.from(type);
        q.select(cb.count(root)).where(cb.equal(root.get("id"), id));
        return em.createQuery(q).getSingleResult() > 0;
    }

    /**
     * @param em      EntityManager to read with
     * @param request page, size and sort
     * @return the page and the total
     */
    public Page<T> page(EntityManager em, PageRequest request) {
        SortableAttributes sortable = SortableAttributes.of(em.getMetamodel(), type);
        request.sort().orders().forEach(sortable::require);
        // JPQL text made only of the entity name and metamodel-checked attribute names (never caller
        // text), so EclipseLink's parse cache serves repeated pages; descriptor filters apply as ever
        StringBuilder jpql = new StringBuilder("SELECT e FROM ").append(sortable.entityName()).append(" e ORDER BY ");
        for (Order o : request.sort().orders()) {
            jpql.append("e.").append(o.attribute()).append(o.direction() == Direction.ASC ? " ASC, " : " DESC, ");
        }
        jpql.append("e.id ASC");
        List<T> items = PreparedPages.read(em, jpql.toString(), type,
                Math.toIntExact(Math.min(request.offset(), Integer.MAX_VALUE)), request.size());
        long total = items.size() < request.size() && (request.page() == 0 || !items.isEmpty())
                ? request.offset() + items.size()
                : count(em);
        return new Page<>(items, total, request.page(), request.size());
    }

    /**
     * @param em      EntityManager to read with
     * @param request order, size and where the previous page ended
     * @return the page and the cursor for the next one
     */
    public KeysetPage<T> keyset(EntityManager em, KeysetRequest request) {
        Order order = request.order();
        SortableAttributes sortable = SortableAttributes.of(em.getMetamodel(), type);
        Class<?> attributeType = sortable.require(order);
        boolean byId = order.attribute().equals("id");
        boolean asc = order.direction() == Direction.ASC;
        // JPQL text made only of the entity name and a metamodel-checked attribute name, the cursor's
        // values bound as parameters: EclipseLink parses it once and PreparedPages keeps its SQL (a
        // Criteria query was compiled again for every page, most of a keyset page's time in the plug-in)
        String sort = "e." + order.attribute();
        String direction = asc ? " ASC" : " DESC";
        String after = asc ? " > " : " < ";
        StringBuilder jpql = new StringBuilder("SELECT e FROM ").append(sortable.entityName()).append(" e");
        Map<String, Object> parameters = Map.of();
        if (request.after() != null) {
            CursorCodec.Position p = CursorCodec.decode(request.after(), order, attributeType);
            if (byId) {
                jpql.append(" WHERE e.id").append(after).append(":id");
                parameters = Map.of("id", p.id());
            } else {
                // (sort > v OR (sort = v AND id > i)), with the redundant sort >= v in front: PostgreSQL
                // cannot bound an index scan by the OR, so without it each page would scan every row
                // before the cursor (a keyset page 10,000 pages deep into a large tenant took seconds)
                jpql.append(" WHERE ").append(sort).append(asc ? " >= " : " <= ").append(":value AND (")
                        .append(sort).append(after).append(":value OR (").append(sort).append(" = :value AND e.id")
                        .append(after).append(":id))");
                parameters = Map.of("value", p.value(), "id", p.id());
            }
        }
        jpql.append(" ORDER BY ");
        if (!byId) {
            jpql.append(sort).append(direction).append(", ");
        }
        jpql.append("e.id").append(direction);
        List<T> rows = PreparedPages.read(em, jpql.toString(), type, 0, request.size() + 1, parameters);
        if (rows.size() <= request.size()) {
            return new KeysetPage<>(rows, null);
        }
        List<T> items = rows.subList(0, request.size());
        T last = items.get(items.size() - 1);
        Object lastValue = byId ? last.getId() : valueOf(em, last, order.attribute());
        return new KeysetPage<>(items, CursorCodec.encode(order, lastValue, last.getId()));
    }

    private static Object valueOf(EntityManager em, Object entity, String attribute) {
        Object member = em.getMetamodel().entity(entity.getClass()).getAttribute(attribute).getJavaMember();
        try {
            if (member instanceof java.lang.reflect.Field f) {
                f.setAccessible(true);
                return f.get(entity);
            }
            java.lang.reflect.Method m = (java.lang.reflect.Method) member;
            m.setAccessible(true);
            return m.invoke(entity);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot read " + attribute + " of " + entity.getClass().getName(), e);
        }
    }
}
