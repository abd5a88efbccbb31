package dev.tenantry.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantry.it.plain.PlainResource;
import dev.tenantry.it.thin.ThinSeed;
import dev.tenantry.it.thin.startup.StartTenantry;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.EmptyAsset;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tenantry installed once on Payara Micro: its jars given by {@code --addlibs} (with the PostgreSQL
 * driver), and a thin WAR holding none of them ({@link ThinWar}). Payara scans only the WAR for
 * beans; Tenantry's CDI extension ({@code ServerLibraryBeans}) adds the beans of the jars on the class
 * path, and the WAR starts Tenantry by a subclass of its start-up singleton ({@link StartTenantry}).
 * Tenantry's start-up then runs the WAR's migrations and its own seed, its beans serve the WAR, and
 * tenants stay apart, native SQL included under row-level security; Jersey finds Tenantry's tenant
 * filter. A second WAR on the same server that does not use Tenantry gets none of it. A plain JUnit
 * test that starts Payara Micro as a user would, with the same database options as the Arquillian
 * suites; run only in the build's Payara pass.
 */
class PayaraServerLibraryIT {

    private static ServerProcess server;
    private static String base;

    @BeforeAll
    static void startPayaraWithTenantryOnItsClassPath() throws Exception {
        Path runtime = ServerSupport.runtime();
        Path war = runtime.resolve("thin.war");
        Path plain = runtime.resolve("plain.war");
        ShrinkWrap.create(WebArchive.class, "plain.war").addPackage(PlainResource.class.getPackage())
                .addAsWebInfResource(EmptyAsset.INSTANCE, "beans.xml").as(ZipExporter.class).exportTo(plain.toFile(), true);
        ThinWar.create().addPackage(StartTenantry.class.getPackage()).as(ZipExporter.class).exportTo(war.toFile(), true);
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-Djava.io.tmpdir=" + runtime.toAbsolutePath(), "-jar", runtime.resolve("payara-micro.jar").toString(),
                "--nocluster", "--nohazelcast", "--port", String.valueOf(port), "--deploy", war.toString(), "--deploy", plain.toString()));
        // the folder of jars, as the README's command gives it
        command.addAll(ServerSupport.payaraOptions(List.of(ServerSupport.tenantryJars().get(0).getParent())));
        base = "http://localhost:" + port + "/thin/";
        server = ServerProcess.start("Payara Micro with Tenantry on its class path", new ProcessBuilder(command),
                runtime.resolve("payara-server-library.log"), URI.create(base + "api/notes?tenant=" + UUID.randomUUID()),
                "Exception while loading the app");
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void tenantryOnTheServersClassPathStartsAndServesAThinWarAndKeepsTenantsApart() throws Exception {
        assertThat(server.logText()).as("the thin WAR holds no Tenantry jar; the extension added the beans")
                .contains("added").contains("of their beans");
        assertThat(NoteRequests.list(base, ThinSeed.TENANT.value(), false)).as("the thin WAR's seed ran at start-up")
                .isEqualTo(ThinSeed.TEXT);
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        assertThat(NoteRequests.add(base, a, "library A")).isEqualTo("added");
        assertThat(NoteRequests.list(base, a, false)).isEqualTo("library A");
        assertThat(NoteRequests.list(base, b, false)).isEmpty();
        assertThat(NoteRequests.list(base, a, true)).as("native SQL under row-level security").isEqualTo("library A");
        assertThat(NoteRequests.list(base, b, true)).as("native SQL under row-level security").isEmpty();
    }

    @Test
    void jerseyFindsTenantrysTenantFilterOnTheClassPath() throws Exception {
        ThinWar.assertTenantFilterRuns(base);
    }

    @Test
    void aWarThatDoesNotStartTenantryOnTheSameServerGetsNoneOfItsBeansOrFilters() throws Exception {
        HttpResponse<String> hello = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                base.replace("/thin/", "/plain/") + "api/hello")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(hello.statusCode()).as(hello.body()).isEqualTo(200);
        assertThat(hello.body()).isEqualTo("hello");
        assertThat(hello.headers().firstValue("X-Request-Id")).as("Tenantry's audit filter is not registered").isEmpty();
        assertThat(server.logText()).contains("this deployment does not start Tenantry: its beans are not added");
    }
}
