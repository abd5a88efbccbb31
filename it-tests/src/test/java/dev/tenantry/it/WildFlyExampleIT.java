package dev.tenantry.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantry.embedded.TestDatabase;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The example application on WildFly with EclipseLink, set up by nothing but server-config's
 * {@code wildfly/tenantry.cli}: the build unpacks a fresh WildFly, this test runs the script against
 * it (offline), starts the server with the example WAR in its deployment folder, and walks the
 * README's tour over HTTP. A plain JUnit test that drives the server as a newcomer would; the
 * Arquillian suites run on Payara Micro.
 */
class WildFlyExampleIT {

    /** Ports 8380 (HTTP) and 10290 (management): clear of a developer's 8080 and 9990. */
    private static final int PORT_OFFSET = 300;

    private static TestDatabase db;
    private static ServerProcess server;

    @BeforeAll
    static void scriptThenServer() throws Exception {
        Path home = WildFlyHome.home();
        Path runtime = WildFlyHome.runtime();
        WildFlyHome.setUp("tenantry.cli");

        db = TestDatabase.create("wildfly");
        Files.copy(runtime.resolve("tenantry-example.war"), home.resolve("standalone/deployments/ROOT.war"),
                StandardCopyOption.REPLACE_EXISTING);
        ProcessBuilder start = new ProcessBuilder(home.resolve("bin/standalone.sh").toString(),
                "-Djboss.socket.binding.port-offset=" + PORT_OFFSET);
        Map<String, String> env = start.environment();
        env.put("TENANTRY_DB_URL", db.endpoint().jdbcUrl());
        env.put("TENANTRY_DB_USER", db.endpoint().user());
        String password = db.endpoint().password();
        env.put("TENANTRY_DB_PASSWORD", password == null || password.isEmpty() ? "unused" : password);
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        env.put("TENANTRY_CRYPTO_KEYS", "1:" + Base64.getEncoder().encodeToString(key));
        env.put("JAVA_OPTS", "-Xmx768m -Djava.io.tmpdir=" + runtime.toAbsolutePath());
        server = ServerProcess.start("WildFly with the example", start, runtime.resolve("wildfly-server.log"),
                URI.create("http://localhost:" + (8080 + PORT_OFFSET) + "/api/articles"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
        if (db != null) {
            db.close();
        }
    }

    @Test
    void theScriptAloneSetsUpTheServerAndTheExampleDeploysWithoutErrors() throws IOException {
        String log = server.logText();
        assertThat(log).contains("Deployed \"ROOT.war\"").contains("WFLYSRV0025")   // started, not "started (with errors)"
                .doesNotContain("WFLYCTL0013");                                          // no failed operation
        assertThat(log).as("EclipseLink is the provider").contains("EclipseLink");
    }

    @Test
    void theReadmeTourRunsOnWildFly() throws Exception {
        HttpResponse<String> articles = get(null, "/api/articles?page=0&size=20&sort=-createdAt");
        assertThat(articles.body()).contains("\"slug\":\"welcome\"").contains("\"createdAt\":\"");   // JSON-B, as on Payara

        String org = "wf-" + System.nanoTime();
        assertThat(send("alice", "POST", "/api/orgs", null, "{\"name\":\"Acme\",\"slug\":\"" + org + "\"}").statusCode()).isEqualTo(201);
        assertThat(send("alice", "POST", "/api/orgs/" + org + "/members", null, "{\"principal\":\"vera\",\"role\":\"VIEWER\"}")
                .statusCode()).isEqualTo(201);
        HttpResponse<String> created = send("alice", "POST", "/api/projects", org, "{\"name\":\"Rocket\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = field(created.body(), "id");

        assertThat(send("vera", "GET", "/api/projects", org, null).body()).contains("Rocket");
        assertThat(send("vera", "POST", "/api/projects", org, "{\"name\":\"Nope\"}").statusCode()).isEqualTo(403);
        HttpResponse<String> foreign = send("mallory", "GET", "/api/projects", org, null);
        HttpResponse<String> unknown = send("mallory", "GET", "/api/projects", "no-such-org", null);
        assertThat(foreign.statusCode()).isEqualTo(404);
        assertThat(foreign.body()).doesNotContain("Rocket");
        assertThat(ServerSupport.withoutCorrelationId(foreign.body()))
                .isEqualTo(ServerSupport.withoutCorrelationId(unknown.body()).replace("no-such-org", org));

        assertThat(send("alice", "PUT", "/api/projects/" + id, org, "{\"name\":\"Rocket 2\"}").statusCode()).isEqualTo(200);
        String trail = send("vera", "GET", "/api/projects/" + id + "/activities", org, null).body();
        assertThat(trail).contains("\"updated\"").contains("\"created\"").contains("alice").contains("Rocket 2");
        // a rename in one statement, under WildFly's JTA: version checked, audited, viewers refused
        assertThat(send("alice", "PUT", "/api/projects/" + id + "/name?version=2", org, "{\"name\":\"Rocket 3\"}").statusCode())
                .isEqualTo(200);
        assertThat(send("alice", "PUT", "/api/projects/" + id + "/name?version=2", org, "{\"name\":\"Rocket 4\"}").statusCode())
                .isEqualTo(409);
        assertThat(send("vera", "PUT", "/api/projects/" + id + "/name", org, "{\"name\":\"Rocket 5\"}").statusCode()).isEqualTo(403);
        assertThat(send("vera", "GET", "/api/projects/" + id + "/activities", org, null).body()).contains("Rocket 3")
                .doesNotContain("Rocket 4").doesNotContain("Rocket 5");

        HttpResponse<String> ready = DemoRequests.send(null, "GET", URI.create("http://localhost:" + (9990 + PORT_OFFSET)
                + "/health/ready"), null, null);
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        assertThat(ready.body()).contains("UP");
    }

    private static HttpResponse<String> get(String user, String path) throws IOException, InterruptedException {
        return send(user, "GET", path, null, null);
    }

    private static HttpResponse<String> send(String user, String method, String path, String tenant, String json)
            throws IOException, InterruptedException {
        return DemoRequests.send(user, method, URI.create("http://localhost:" + (8080 + PORT_OFFSET) + path), tenant, json);
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
        assertThat(m.find()).as("%s in %s", name, json).isTrue();
        return m.group(1);
    }
}
