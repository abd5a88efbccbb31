package dev.tenantry.persistence.internal;

import jakarta.persistence.EntityManager;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.eclipse.persistence.internal.sessions.AbstractSession;
import org.eclipse.persistence.jpa.JpaEntityManager;
import org.eclipse.persistence.sessions.Session;

/**
 * The multitenant context an EntityManager was opened with (EclipseLink's tenant discriminator
 * properties, e.g. Tenantry's {@code tenantry.tenant-id}), so that an EntityManager opened beside it
 * for the same work — such as the include-deleted reads — sees the same tenant's rows and no others.
 */
public final class TenantContextProperties {

    private TenantContextProperties() {
    }

    /**
     * @param em an EclipseLink EntityManager (or a proxy that unwraps to one)
     * @return the values of the persistence unit's multitenant context properties that {@code em}
     *         carries; empty for a unit without multitenant entities
     */
    public static Map<String, Object> of(EntityManager em) {
        AbstractSession session = (AbstractSession) em.unwrap(JpaEntityManager.class).getActiveSession();
        Set<String> names = new HashSet<>();     // kept by the server session, not the unit of work
        for (AbstractSession s = session; s != null; s = s.getParent()) {
            names.addAll(s.getMultitenantContextProperties());
        }
        Map<String, Object> properties = new HashMap<>();
        for (String name : names) {
            Object value = value(session, name);
            if (value != null) {
                properties.put(name, value);
            }
        }
        return properties;
    }

    /**
     * One property of the EntityManager a session works for, without copying them all as
     * {@link EntityManager#getProperties()} does: EclipseLink keeps an EntityManager's properties on
     * the unit of work's parent (the client session), the unit's on the server session.
     *
     * @param session a unit of work, client session or server session
     * @param name    property name
     * @return the nearest session's value, or {@code null} when none of them carries one
     */
    public static Object value(Session session, String name) {
        for (Session s = session; s != null; s = s instanceof AbstractSession a ? a.getParent() : null) {
            Object value = s.getProperty(name);
            if (value != null) {
                return value;
            }
        }
        return null;
    }
}
