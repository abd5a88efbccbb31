package dev.tenantry.persistence.internal;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.TypedQuery;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.persistence.jpa.JpaEntityManager;
import org.eclipse.persistence.jpa.JpaQuery;
import org.eclipse.persistence.queries.DatabaseQuery;
import org.eclipse.persistence.queries.ReadQuery;
import org.eclipse.persistence.sessions.DatabaseRecord;

/**
 * Runs page queries (offset pages and keyset pages) without EclipseLink regenerating their SQL every
 * time.
 *
 * <p>EclipseLink caches a parsed, prepared query per JPQL text, but setting max results on it
 * un-prepares it ({@code ReadQuery.setMaxRows} keeps the preparation only when the query already had
 * a positive maximum), so every offset page paid for a full SQL generation — measured at about a third
 * of a page's time. This keeps, per factory, JPQL text and page size, a clone of EclipseLink's cached
 * query with that maximum, prepared once (pagination is bound as parameters: {@code LIMIT ? OFFSET ?}),
 * and gives every page a clone of it. A keyset page's cursor values are named parameters of the JPQL,
 * bound per page. Tenant and soft-delete values are bound at execution, exactly as for
 * EclipseLink's own JPQL cache, so the template is shared across EntityManagers and tenants.
 *
 * <p>Bounded: page sizes and sorts come from clients, so at most {@value #MAX_TEMPLATES} templates are
 * kept per factory; pages of further shapes are served without one (correct, only slower). Sorts
 * themselves are capped ({@code Sort.MAX_KEYS}, no repeated attribute).
 */
public final class PreparedPages {

    /** Templates kept per factory: far more than an application's distinct page shapes. */
    static final int MAX_TEMPLATES = 512;
    private static final Map<EntityManagerFactory, Map<String, DatabaseQuery>> TEMPLATES = new WeakHashMap<>();

    private PreparedPages() {
    }

    /**
     * @param em    EntityManager to read with
     * @param jpql  the query; built by Tenantry from checked names only
     * @param type  result type
     * @param first first row
     * @param max   page size
     * @param <T>   result type
     * @return the page's rows
     */
    public static <T> List<T> read(EntityManager em, String jpql, Class<T> type, int first, int max) {
        return read(em, jpql, type, first, max, Map.of());
    }

    /**
     * @param em         EntityManager to read with
     * @param jpql       the query; built by Tenantry from checked names only, values as named parameters
     * @param type       result type
     * @param first      first row
     * @param max        page size
     * @param parameters the named parameters' values
     * @param <T>        result type
     * @return the page's rows
     */
    public static <T> List<T> read(EntityManager em, String jpql, Class<T> type, int first, int max,
                                   Map<String, Object> parameters) {
        Map<String, DatabaseQuery> templates = templatesOf(em.getEntityManagerFactory());
        String key = max + ":" + jpql;
        TypedQuery<T> query = em.createQuery(jpql, type);
        JpaQuery<?> eclipseLink = query.unwrap(JpaQuery.class);
        DatabaseQuery template = templates.get(key);
        if (template == null && templates.size() < MAX_TEMPLATES && eclipseLink.getDatabaseQuery() instanceof ReadQuery shared) {
            ReadQuery withMax = (ReadQuery) shared.clone();
            withMax.setMaxRows(max);
            withMax.setFirstResult(first);
            withMax.prepareCall(em.unwrap(JpaEntityManager.class).getActiveSession(), new DatabaseRecord());
            template = withMax;
            templates.putIfAbsent(key, template);
        }
        if (template != null) {
            eclipseLink.setDatabaseQuery((DatabaseQuery) template.clone());
        }
        parameters.forEach(query::setParameter);
        return query.setFirstResult(first).setMaxResults(max).getResultList();
    }

    /** @return how many templates are kept for {@code emf} (tests) */
    static int templateCount(EntityManagerFactory emf) {
        return templatesOf(emf).size();
    }

    private static Map<String, DatabaseQuery> templatesOf(EntityManagerFactory emf) {
        synchronized (TEMPLATES) {
            return TEMPLATES.computeIfAbsent(emf, f -> new ConcurrentHashMap<>());
        }
    }
}
