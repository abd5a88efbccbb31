package dev.tenantry.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantry.it.ear.EarNote;
import dev.tenantry.it.ear.web.EarApplication;
import dev.tenantry.it.thin.ThinSeed;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.ClassLoaderAsset;
import org.jboss.shrinkwrap.api.asset.EmptyAsset;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Tenantry installed once on WildFly as the module {@code dev.tenantry} (server-config's
 * {@code wildfly/tenantry-module.cli}, run by the test set-up) and a thin WAR holding no Tenantry
 * jar: only its entity, unit, seed, migration and REST resource, and a
 * {@code jboss-deployment-structure.xml} naming the module. Tenantry's start-up runs from the module
 * (migrations, and the WAR's own seed), its beans serve the WAR, and tenants stay apart, native SQL
 * included under row-level security; RESTEasy finds Tenantry's tenant filter through the module's
 * {@code META-INF/services/jakarta.ws.rs.ext.Providers}. Run only in the build's WildFly pass.
 */
@ExtendWith(ArquillianExtension.class)
class WildFlyServerModuleIT {

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return ThinWar.create()
                // declares Tenantry's start-up singleton (WildFly reads no annotations of module classes)
                .addAsWebInfResource(new ClassLoaderAsset("ear/ejb-jar.xml"), "ejb-jar.xml")
                .addAsWebInfResource(new StringAsset("""
                        <jboss-deployment-structure xmlns="urn:jboss:deployment-structure:1.2">
                          <deployment>
                            <dependencies>
                              <module name="dev.tenantry" meta-inf="import" services="import"/>
                            </dependencies>
                          </deployment>
                        </jboss-deployment-structure>
                        """), "jboss-deployment-structure.xml");
    }

    @Test
    void theServerModuleStartsTenantryForAThinWarAndKeepsTenantsApart() throws Exception {
        assertThat(NoteRequests.list(base.toString(), ThinSeed.TENANT.value(), false)).as("the thin WAR's seed ran at start-up")
                .isEqualTo(ThinSeed.TEXT);
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        assertThat(NoteRequests.add(base.toString(), a, "thin A")).isEqualTo("added");
        assertThat(NoteRequests.list(base.toString(), a, false)).isEqualTo("thin A");
        assertThat(NoteRequests.list(base.toString(), b, false)).isEmpty();
        assertThat(NoteRequests.list(base.toString(), a, true)).as("native SQL under row-level security").isEqualTo("thin A");
    }

    @Test
    void resteasyFindsTenantrysTenantFilterInTheModule() throws Exception {
        ThinWar.assertTenantFilterRuns(base.toString());
    }

}
