package dev.tenantry.tenancy.internal;

import dev.tenantry.persistence.internal.TenantContextProperties;
import dev.tenantry.persistence.spi.DirectWrite;
import dev.tenantry.persistence.spi.DirectWriteListener;
import dev.tenantry.persistence.errors.InvalidValueException;
import dev.tenantry.tenancy.AccessDeniedException;
import dev.tenantry.tenancy.Membership;
import dev.tenantry.tenancy.Organization;
import dev.tenantry.tenancy.Role;
import dev.tenantry.tenancy.TenancySettings;
import org.eclipse.persistence.jpa.JpaEntityManager;

/**
 * Refuses, before it reaches the database, a single-statement write ({@code Repository.direct()})
 * through the EntityManager of a VIEWER, as entity writes and bulk statements are refused, and any
 * single-statement write of an {@link Organization} or a {@link Membership}: those change through
 * {@link dev.tenantry.tenancy.OrganizationService}, which checks who may change what (a role set
 * directly would let a MEMBER make itself OWNER) and writes their activities.
 */
public final class TenancyDirectWrites implements DirectWriteListener {

    @Override
    public void beforeWrite(DirectWrite write) {
        if (write.entity() == Organization.class || write.entity() == Membership.class) {
            throw new InvalidValueException(write.entity().getSimpleName(), null, "cannot be written by Repository.direct():"
                    + " create, change and delete organizations and memberships through OrganizationService");
        }
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
