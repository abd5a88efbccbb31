package dev.tenantry.tenancy.internal;

import dev.tenantry.persistence.internal.TenantContextProperties;
import dev.tenantry.tenancy.TenancySettings;
import java.util.UUID;
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
        Object tenant = TenantContextProperties.value(session, TenancySettings.TENANT_PROPERTY);
        return tenant == null || tenant instanceof UUID ? (UUID) tenant : UUID.fromString(tenant.toString());
    }
}
