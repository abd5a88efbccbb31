package dev.tenantry.tenancy.internal;

import dev.tenantry.tenancy.TenancySettings;
import java.util.UUID;
import org.eclipse.persistence.internal.sessions.AbstractSession;
import org.eclipse.persistence.sessions.Session;

/** The tenant an EclipseLink session works for: its {@link TenancySettings#TENANT_PROPERTY}, or its parent's. */
public final class SessionTenant {

    private SessionTenant() {
    }

    /**
     * @param session a unit of work, client session or server session
     * @return the tenant's UUID, or null when none of them carries one
     */
    public static UUID of(Session session) {
        for (Session s = session; s != null; s = s instanceof AbstractSession a ? a.getParent() : null) {
            Object tenant = s.getProperty(TenancySettings.TENANT_PROPERTY);
            if (tenant != null) {
                return tenant instanceof UUID u ? u : UUID.fromString(tenant.toString());
            }
        }
        return null;
    }
}
