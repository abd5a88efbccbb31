package dev.tenantry.persistence.internal;

import jakarta.persistence.EntityManager;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.eclipse.persistence.internal.sessions.AbstractSession;
import org.eclipse.persistence.jpa.JpaEntityManager;

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
            for (AbstractSession s = session; s != null; s = s.getParent()) {
                Object value = s.getProperty(name);
                if (value != null) {
                    properties.put(name, value);
                    break;
                }
            }
        }
        return properties;
    }
}
