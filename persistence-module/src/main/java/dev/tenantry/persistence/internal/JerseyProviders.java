package dev.tenantry.persistence.internal;

import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.ws.rs.core.FeatureContext;
import java.util.List;
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
        BeanManager beans = ModuleBeans.moduleBeanManager();
        if (beans == null) {
            return;   // no CDI in this module
        }
        for (Class<?> provider : ServerLibraryBeans.of(beans).map(ServerLibraryBeans::providers).orElse(List.of())) {
            if (!context.getConfiguration().isRegistered(provider)) {
                context.register(provider);
            }
        }
    }
}
