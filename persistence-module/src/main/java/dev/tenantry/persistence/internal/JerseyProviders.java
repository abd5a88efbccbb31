package dev.tenantry.persistence.internal;

import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.ws.rs.core.FeatureContext;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import org.glassfish.jersey.internal.spi.ForcedAutoDiscoverable;

/**
 * Registers with Jersey (Payara's JAX-RS) the Tenantry providers that {@link ServerLibraryBeans} added
 * to a deployment: with the Tenantry jars on the server's class path, Jersey scans only the WAR, and
 * the tenant filter of {@code @TenantScoped} resources and the audit filter would be missing. Jersey
 * finds this class through {@code META-INF/services} wherever the jar is; other JAX-RS runtimes ignore
 * it. It registers nothing when the extension added nothing (Tenantry in the WAR, or a deployment
 * that does not use Tenantry), nor what the application registered already.
 */
public class JerseyProviders implements ForcedAutoDiscoverable {

    @Override
    public void configure(FeatureContext context) {
        BeanManager beans;
        try {
            beans = (BeanManager) new InitialContext().lookup("java:comp/BeanManager");
        } catch (NamingException | RuntimeException e) {
            return;   // no CDI in this module
        }
        ServerLibraryBeans extension;
        try {
            extension = beans.getExtension(ServerLibraryBeans.class);
        } catch (IllegalArgumentException e) {
            return;   // the extension is not part of this deployment
        }
        for (Class<?> provider : extension.providers()) {
            if (!context.getConfiguration().isRegistered(provider)) {
                context.register(provider);
            }
        }
    }
}
