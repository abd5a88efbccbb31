package dev.tenantry.it.matrix;

import dev.tenantry.tenancy.TenantEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.JoinColumns;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/** A tenant entity pointing at a project of its own organization. */
@Entity
@Table(name = "matrix_tasks")
public class MatrixTask extends TenantEntity {

    @Column(name = "title", nullable = false)
    private String title;

    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumns({
        @JoinColumn(name = "organization_id", referencedColumnName = "organization_id", insertable = false, updatable = false),
        @JoinColumn(name = "project_id", referencedColumnName = "id")
    })
    private MatrixProject project;

    protected MatrixTask() {
    }

    /** @return title */
    public String getTitle() {
        return title;
    }

    /** @return the project */
    public MatrixProject getProject() {
        return project;
    }
}
