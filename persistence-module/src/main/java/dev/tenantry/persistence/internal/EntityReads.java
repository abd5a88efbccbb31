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
import jakarta.persistence.criteria.Path;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;
import java.util.ArrayList;
import java.util.List;
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
    @SuppressWarnings({"unchecked", "rawtypes"})
    public KeysetPage<T> keyset(EntityManager em, KeysetRequest request) {
        Order order = request.order();
        Class<?> attributeType = SortableAttributes.of(em.getMetamodel(), type).require(order);
        boolean byId = order.attribute().equals("id");
        CriteriaBuilder cb = em.getCriteriaBuilder();
        CriteriaQuery<T> q = cb.createQuery(type);
        Root<T> root = q.from(type);
        Path<Comparable> sortPath = root.get(order.attribute());
        Path<UUID> idPath = root.get("id");
        boolean asc = order.direction() == Direction.ASC;
        if (request.after() != null) {
            CursorCodec.Position p = CursorCodec.decode(request.after(), order, attributeType);
            Comparable value = (Comparable) p.value();
            Predicate afterId = asc ? cb.greaterThan(idPath, p.id()) : cb.lessThan(idPath, p.id());
            // (sort > v OR (sort = v AND id > i)), with the redundant sort >= v in front: PostgreSQL
            // cannot bound an index scan by the OR, so without it each page would scan every row
            // before the cursor (a keyset page 10,000 pages deep into a large tenant took seconds)
            Predicate where = byId ? afterId : cb.and(
                    asc ? cb.greaterThanOrEqualTo(sortPath, value) : cb.lessThanOrEqualTo(sortPath, value),
                    cb.or(asc ? cb.greaterThan(sortPath, value) : cb.lessThan(sortPath, value),
                            cb.and(cb.equal(sortPath, value), afterId)));
            q.where(where);
        }
        List<jakarta.persistence.criteria.Order> orderBy = new ArrayList<>();
        if (!byId) {
            orderBy.add(asc ? cb.asc(sortPath) : cb.desc(sortPath));
        }
        orderBy.add(asc ? cb.asc(idPath) : cb.desc(idPath));
        q.select(root).orderBy(orderBy);
        List<T> rows = em.createQuery(q).setMaxResults(request.size() + 1).getResultList();
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
