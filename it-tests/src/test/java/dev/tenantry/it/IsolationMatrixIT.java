package dev.tenantry.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantry.it.matrix.IsolationChecks;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.EmptyAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The tenant isolation matrix inside Payara Micro, on the server's own EclipseLink, through the
 * injected {@code @ForTenant} EntityManager and repositories: one test per query path (see
 * {@link IsolationChecks}), each on fresh overlapping data of two tenants.
 */
@ExtendWith(ArquillianExtension.class)
class IsolationMatrixIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @ArquillianResource
    URL base;

    @Deployment(testable = false)
    static WebArchive deployment() {
        PayaraMicroSupport.database();
        WebArchive war = ShrinkWrap.create(WebArchive.class, "matrix.war")
                .addPackage(IsolationChecks.class.getPackage())
                .addAsResource("matrix/persistence.xml", "META-INF/persistence.xml")
                .addAsResource("matrix/microprofile-config.properties", "META-INF/microprofile-config.properties")
                .addAsResource("matrix/db/V1__matrix.sql", "db/matrix/V1__matrix.sql")
                .addAsWebInfResource(EmptyAsset.INSTANCE, "beans.xml");
        // the Tenantry jars and their dependencies exactly as the example application ships them
        PayaraMicroSupport.exampleWar().getContent(path -> path.get().startsWith("/WEB-INF/lib/")
                        && !path.get().contains("tenantry-crypto"))
                .forEach((path, node) -> war.add(node.getAsset(), path));
        return war;
    }

    static List<String> checks() {
        return IsolationChecks.names();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("checks")
    void tenantBNeverSeesOrChangesTenantARows(String check) throws Exception {
        HttpResponse<String> outcome = HTTP.send(HttpRequest.newBuilder(URI.create(base + "matrix/checks/" + check))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(outcome.body()).as("check %s (HTTP %d)", check, outcome.statusCode()).isEqualTo("passed");
    }
}
