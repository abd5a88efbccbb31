package dev.tenantry.it.matrix;

import dev.tenantry.tenancy.SoftDeletableTenantEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.OneToMany;
import jakarta.persistence.Table;
import java.util.ArrayList;
import java.util.List;

/** A soft-deletable tenant entity with children, as an application would write it. */
@Entity
@Table(name = "matrix_projects")
@NamedQuery(name = "MatrixProject.byName", query = "select p from MatrixProject p where p.name = :name")
public class MatrixProject extends SoftDeletableTenantEntity {

    @Column(name = "name", nullable = false)
    private String name;

    @OneToMany(mappedBy = "project")
    private List<MatrixTask> tasks = new ArrayList<>();

    protected MatrixProject() {
    }

    /** @param name name */
    public MatrixProject(String name) {
        this.name = name;
    }

    /** @return name */
    public String getName() {
        return name;
    }

    /** @param name name */
    public void setName(String name) {
        this.name = name;
    }

    /** @return tasks, loaded lazily */
    public List<MatrixTask> getTasks() {
        return tasks;
    }
}
