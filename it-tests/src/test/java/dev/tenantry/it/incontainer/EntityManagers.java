package dev.tenantry.it.incontainer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

/** The application's EntityManager bean, as every Tenantry application declares one. */
@ApplicationScoped
public class EntityManagers {

    @Produces
    @PersistenceContext(unitName = "matrix")
    EntityManager em;
}
