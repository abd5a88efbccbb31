package dev.tenantry.crypto.internal;

import dev.tenantry.crypto.Encryption;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import java.lang.System.Logger.Level;

/**
 * Loads and checks the key ring while the application deploys, so a missing or malformed key fails
 * the deployment (with the message of {@code KeyConfigurationException}) instead of the first read.
 */
@ApplicationScoped
public class CryptoStartup {

    private static final System.Logger LOG = System.getLogger(CryptoStartup.class.getName());

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
        LOG.log(Level.INFO, "Tenantry encryption ready: " + Encryption.keyRing());
    }
}
