package dev.tenantry.it.ear;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

/**
 * The unit's EntityManager bean, in the shared domain jar: Tenantry's beans live in the EAR's lib/
 * and can only see beans there, not those of a web module.
 */
@ApplicationScoped
public class EarUnit {

    @Produces
    @PersistenceContext(unitName = "ear")
    EntityManager entityManager;
}
