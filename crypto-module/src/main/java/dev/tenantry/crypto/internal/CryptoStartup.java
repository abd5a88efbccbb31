package dev.tenantry.crypto.internal;

import dev.tenantry.crypto.ColumnEncryption;
import dev.tenantry.crypto.ColumnEncryptor;
import dev.tenantry.crypto.Encryption;
import dev.tenantry.crypto.KeyConfigurationException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.lang.System.Logger.Level;
import org.jasypt.encryption.StringEncryptor;

/**
 * Loads and checks the column encryption while the application deploys, so a missing or malformed
 * key or engine setting fails the deployment (with the message of {@code KeyConfigurationException})
 * instead of the first read; installs the application's {@link ColumnEncryptor} bean when it has one.
 */
@ApplicationScoped
public class CryptoStartup {

    private static final System.Logger LOG = System.getLogger(CryptoStartup.class.getName());

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object event,
                 @ColumnEncryptor Instance<StringEncryptor> engines) {
        if (engines.isAmbiguous()) {
            throw new KeyConfigurationException("More than one @ColumnEncryptor StringEncryptor bean: keep one");
        }
        if (engines.isResolvable()) {
            Encryption.install(ColumnEncryption.fromConfiguration(engines.get()));
        }
        LOG.log(Level.INFO, "Tenantry encryption ready: " + Encryption.columns());
        // the failure counter is on the metrics endpoint from the start, at 0, not from the first failure
        DecryptionFailures.count();
    }
}
