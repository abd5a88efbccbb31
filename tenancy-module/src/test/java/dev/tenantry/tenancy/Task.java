package dev.tenantry.tenancy;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.JoinColumns;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

@Entity
@Table(name = "tasks")
public class Task extends TenantEntity {

    @Column(name = "title", nullable = false)
    private String title;

    // the tenant is part of every key, so a relation names both columns; organization_id is written by
    // the tenant discriminator, never through the relation
    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumns({
        @JoinColumn(name = "organization_id", referencedColumnName = "organization_id", insertable = false, updatable = false),
        @JoinColumn(name = "project_id", referencedColumnName = "id")
    })
    private Project project;

    protected Task() {
    }

    public Task(String title, Project project) {
        this.title = title;
        this.project = project;
    }

    public String getTitle() {
        return title;
    }

    public Project getProject() {
        return project;
    }
}
