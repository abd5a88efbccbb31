package dev.tenantry.testing.arquillian;

import fish.payara.arquillian.container.payara.managed.PayaraMicroDeployableContainer;
import org.jboss.arquillian.container.spi.client.container.DeployableContainer;
import org.jboss.arquillian.container.spi.client.container.DeploymentException;
import org.jboss.arquillian.container.spi.client.protocol.metadata.HTTPContext;
import org.jboss.arquillian.container.spi.client.protocol.metadata.ProtocolMetaData;
import org.jboss.arquillian.container.spi.client.protocol.metadata.Servlet;
import org.jboss.arquillian.core.spi.LoadableExtension;
import org.jboss.shrinkwrap.api.Archive;

/**
 * Makes in-container tests ({@code @Deployment(testable = true)}) on Payara Micro reliable:
 * Payara's Arquillian connector (3.1) reads the servlet list from the server's start-up log, and
 * when it reads the log before the list is written (about one start in fourteen) it cannot find
 * Arquillian's test servlet. The servlet is always in a testable deployment, at the deployment's
 * context root, so this connector adds it to what the connector found when it is missing.
 * Registered through {@code META-INF/services}; does nothing without Payara's connector.
 */
public final class PayaraServletFix implements LoadableExtension {

    /** The servlet name of Arquillian's Servlet 5 protocol. */
    static final String TEST_SERVLET = "ArquillianServletRunnerEE9";
    private static final String CONNECTOR = "fish.payara.arquillian.container.payara.managed.PayaraMicroDeployableContainer";

    @Override
    public void register(ExtensionBuilder builder) {
        try {
            Class.forName(CONNECTOR, false, PayaraServletFix.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return;   // another server's connector: nothing to fix
        }
        builder.override(DeployableContainer.class, PayaraMicroDeployableContainer.class, Connector.class);
    }

    /**
     * @param metaData    what the connector found of a deployment
     * @param archiveName the deployment's name, e.g. {@code app.war}
     * @return the same, each HTTP context with Arquillian's test servlet at the deployment's context
     *         root where it was missing
     */
    static ProtocolMetaData withTestServlet(ProtocolMetaData metaData, String archiveName) {
        String root = "/" + archiveName.replaceFirst("\\.war$", "");
        for (HTTPContext context : metaData.getContexts(HTTPContext.class)) {
            if (context.getServletByName(TEST_SERVLET) == null) {
                context.add(new Servlet(TEST_SERVLET, root));
            }
        }
        return metaData;
    }

    /** Payara's connector, with the test servlet always in the deployment's metadata. */
    public static final class Connector extends PayaraMicroDeployableContainer {

        @Override
        public ProtocolMetaData deploy(Archive<?> archive) throws DeploymentException {
            return withTestServlet(super.deploy(archive), archive.getName());
        }
    }
}
