package dev.tenantry.it.matrix;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.ws.rs.ApplicationPath;
import org.eclipse.microprofile.auth.LoginConfig;
import jakarta.ws.rs.core.Application;

/**
 * The isolation-matrix deployment: JAX-RS under /matrix and the unit's EntityManager bean. Callers
 * authenticate with MicroProfile JWT (the key and issuer come from microprofile-config.properties);
 * only {@link JwtProbeResource} needs a caller.
 */
@ApplicationPath("matrix")
@LoginConfig(authMethod = "MP-JWT")
@ApplicationScoped
public class MatrixApplication extends Application {

    @Produces
    @PersistenceContext(unitName = "matrix")
    EntityManager entityManager;
}
