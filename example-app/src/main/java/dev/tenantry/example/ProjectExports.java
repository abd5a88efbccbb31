package dev.tenantry.example;

import dev.tenantry.audit.Audited;
import dev.tenantry.persistence.repository.Repository;
import dev.tenantry.tenancy.ForTenant;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.UUID;

/** A business operation worth an audit entry although it changes nothing: handing a project's data out. */
@ApplicationScoped
public class ProjectExports {

    @Inject
    @ForTenant
    Repository<Project> projects;

    /**
     * @param id the project
     * @return what is handed out
     */
    @Audited(type = "project.exported", description = "Exported project {0}")
    public ProjectResource.View export(UUID id) {
        Project p = projects.get(id);
        return new ProjectResource.View(p.getId(), p.getName());
    }
}
