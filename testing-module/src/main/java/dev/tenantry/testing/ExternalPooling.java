package dev.tenantry.testing;

import org.eclipse.persistence.config.SessionCustomizer;
import org.eclipse.persistence.sessions.DatasourceLogin;
import org.eclipse.persistence.sessions.Session;

/**
 * Makes EclipseLink take a connection from the test's pool for each unit of work, as it does with a
 * server's JTA DataSource, instead of keeping a pool of its own. Public because EclipseLink
 * instantiates it by name.
 */
public class ExternalPooling implements SessionCustomizer {

    @Override
    public void customize(Session session) {
        ((DatasourceLogin) session.getDatasourceLogin()).setUsesExternalConnectionPooling(true);
    }
}
