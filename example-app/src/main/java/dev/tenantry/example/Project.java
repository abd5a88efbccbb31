package dev.tenantry.example;

import dev.tenantry.audit.Audited;
import dev.tenantry.tenancy.SoftDeletableTenantEntity;
import jakarta.persistence.Column;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** A project of one organization: visible to its members only. */
@Entity
@Table(name = "projects")
@Audited
public class Project extends SoftDeletableTenantEntity {

    @Column(name = "name", nullable = false)
    @NotBlank
    @Size(max = 200)
    private String name;

    protected Project() {
    }

    /** @param name project name, unique in its organization */
    public Project(String name) {
        this.name = name;
    }

    public String getName() {
        return name;
    }

    /** @param name the new name, unique in its organization */
    public void rename(String name) {
        this.name = name;
    }
}
