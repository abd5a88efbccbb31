package dev.tenantry.it.matrix;

import dev.tenantry.tenancy.ForTenant;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.List;

/** What the current tenant sees, through the injected tenant EntityManager. */
@ApplicationScoped
public class TenantReads {

    @Inject
    @ForTenant
    EntityManager em;

    /** @return names of the visible projects, sorted */
    public List<String> projectNames() {
        return em.createQuery("select p.name from MatrixProject p order by p.name", String.class).getResultList();
    }
}
