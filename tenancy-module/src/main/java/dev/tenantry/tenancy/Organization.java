package dev.tenantry.tenancy;

import dev.tenantry.persistence.softdelete.SoftDeletableEntity;
import jakarta.persistence.Column;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/**
 * A tenant. Soft-deletable; its slug (lower-case letters, digits and inner dashes, 1–63 characters)
 * is unique among live organizations. List it in {@code persistence.xml}.
 */
@Entity
@Table(name = "organizations")
public class Organization extends SoftDeletableEntity {

    @Column(name = "name", nullable = false)
    @NotBlank
    @Size(max = 200)
    private String name;

    @Column(name = "slug", nullable = false)
    @NotNull
    @Pattern(regexp = "[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?",
             message = "must be 1 to 63 lower-case letters, digits and inner dashes")
    private String slug;

    protected Organization() {
    }

    Organization(String name, String slug) {
        this.name = name;
        this.slug = slug;
    }

    /** @return the display name */
    public String getName() {
        return name;
    }

    /** @return the URL name */
    public String getSlug() {
        return slug;
    }

    /** @return this organization as a tenant */
    public TenantId tenantId() {
        return new TenantId(getId());
    }
}
