package dev.tenantry.tenancy;

import dev.tenantry.persistence.BaseEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;
import java.util.UUID;

/**
 * A principal's role in one organization. Not tenant-filtered, because resolving a tenant starts by
 * asking which organizations a principal belongs to: change memberships only through
 * {@link OrganizationService}. List it in {@code persistence.xml}.
 */
@Entity
@Table(name = "memberships")
public class Membership extends BaseEntity {

    @Column(name = "organization_id", nullable = false, updatable = false)
    private UUID organizationId;

    @Column(name = "principal", nullable = false, updatable = false)
    private String principal;

    @Enumerated(EnumType.STRING)
    @Column(name = "role", nullable = false)
    private Role role;

    protected Membership() {
    }

    Membership(UUID organizationId, String principal, Role role) {
        this.organizationId = organizationId;
        this.principal = principal;
        this.role = role;
    }

    /** @return the organization */
    public TenantId tenantId() {
        return new TenantId(organizationId);
    }

    /** @return the principal's name */
    public String getPrincipal() {
        return principal;
    }

    /** @return the role */
    public Role getRole() {
        return role;
    }

    void setRole(Role role) {
        this.role = role;
    }
}
