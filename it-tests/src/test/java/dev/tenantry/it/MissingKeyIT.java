package dev.tenantry.it;

import java.net.URL;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * In live mode an application with encrypted attributes and no configured key does not start:
 * the key ring is checked while it deploys, not at the first read. (The message is pinned by
 * {@code KeyRingTest.missingKeyInLiveModeFailsWithTheDocumentedMessage}; Payara Micro reports the
 * failed deployment as deployed, so this checks that the application is not served.)
 */
@ExtendWith(ArquillianExtension.class)
class MissingKeyIT {

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return ServerSupport.exampleWar("tenantry.mode=live\n");
    }

    @Test
    void applicationIsNotServed() throws Exception {
        ServerSupport.assertNotServed(base);
    }
}
