package dev.tenantry.tenancy.internal;

import dev.tenantry.persistence.internal.TenantContextProperties;
import dev.tenantry.persistence.spi.DirectWrite;
import dev.tenantry.persistence.spi.DirectWriteListener;
import dev.tenantry.tenancy.AccessDeniedException;
import dev.tenantry.tenancy.Role;
import dev.tenantry.tenancy.TenancySettings;
import org.eclipse.persistence.jpa.JpaEntityManager;

/**
 * Refuses a single-statement write ({@code Repository.direct()}) through the EntityManager of a
 * VIEWER before it reaches the database, as entity writes and bulk statements are refused.
 */
public final class ViewerDirectWrites implements DirectWriteListener {

    @Override
    public void beforeWrite(DirectWrite write) {
        Object role = TenantContextProperties.value(write.entityManager().unwrap(JpaEntityManager.class).getActiveSession(),
                TenancySettings.ROLE_PROPERTY);
        if (role != null && Role.VIEWER.name().equals(role.toString())) {
            String operation = switch (write.kind()) {
                case INSERT -> "insert";
                case UPDATE -> "update";
                case SOFT_DELETE, DELETE -> "delete";
            };
            throw new AccessDeniedException(operation + " of a " + write.entity().getSimpleName(), Role.MEMBER, Role.VIEWER);
        }
    }
}
