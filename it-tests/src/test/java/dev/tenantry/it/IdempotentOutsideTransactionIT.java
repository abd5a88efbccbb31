package dev.tenantry.it;

import java.net.URL;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An application in which {@code @Idempotent} covers an unsafe method that runs outside a transaction
 * does not start (before, each request to that method carrying an {@code Idempotency-Key} was a 500).
 * Payara Micro reports the failed deployment as deployed, so this checks that the application is not
 * served; {@code WildFlyFailedDeploymentsIT} checks the message on WildFly, and
 * {@code IdempotentMethodsTest} which methods are refused.
 */
@ExtendWith(ArquillianExtension.class)
class IdempotentOutsideTransactionIT {

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return ServerSupport.exampleWar().addClass(UntransactedErasure.class);
    }

    @Test
    void applicationIsNotServed() throws Exception {
        ServerSupport.assertNotServed(base);
    }
}
