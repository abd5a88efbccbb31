package dev.tenantry.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantry.embedded.TestDatabase;
import dev.tenantry.serverconfig.PayaraMicroDataSource;
import dev.tenantry.serverconfig.PostgresRoles;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Two Payara Micro instances of the example application on one fresh database, started at the same
 * moment from the command line as the README starts one (post-boot pools as the runtime role and the
 * owner, the PostgreSQL driver by {@code --addlibs}, the same encryption key), clustered as Payara Micro
 * clusters by default. Start-up work runs once between them; what one instance changes, the other
 * serves at its next request: a demoted member is refused, an edited or soft-deleted article is read as
 * it now is; two renames of one project at one version end in one 200 and one 409.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TwoPayaraInstancesIT {

    private TestDatabase db;
    private final List<ServerProcess> servers = new ArrayList<>();
    private final List<String> bases = new ArrayList<>();
    private long startMillis;

    @BeforeAll
    void bothInstancesStartTogether() throws Exception {
        db = TestDatabase.create("two_instances");
        try (Connection superuser = db.endpoint().connect()) {
            PostgresRoles.apply(superuser);
        }
        Path runtime = ServerSupport.runtime();
        Path postBoot = PayaraMicroDataSource.write(PayaraMicroDataSource.rowSecurityCommands(db.endpoint()),
                runtime.resolve("two-instances-post-boot.asadmin"));
        Path properties = runtime.resolve("two-instances.properties");
        Files.writeString(properties, "tenantry.migration.datasource=" + PayaraMicroDataSource.OWNER_JNDI_NAME + "\n");
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        String keys = "1:" + Base64.getEncoder().encodeToString(key);
        String cluster = "tenantry-it-" + UUID.randomUUID().toString().substring(0, 8);
        List<ProcessBuilder> commands = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            int port;
            try (ServerSocket free = new ServerSocket(0)) {
                port = free.getLocalPort();
            }
            ProcessBuilder command = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx512m", "-Djava.io.tmpdir=" + runtime.toAbsolutePath(), "-jar",
                    runtime.resolve("payara-micro.jar").toString(), "--clusterName", cluster, "--port", String.valueOf(port),
                    "--postbootcommandfile", postBoot.toAbsolutePath().toString(),
                    "--systemproperties", properties.toAbsolutePath().toString(),
                    "--addlibs", runtime.resolve("postgresql.jar").toAbsolutePath().toString(),
                    "--deploy", runtime.resolve("tenantry-example.war").toAbsolutePath().toString(), "--contextroot", "/");
            command.environment().put("TENANTRY_CRYPTO_KEYS", keys);
            commands.add(command);
            bases.add("http://localhost:" + port + "/");
        }
        CyclicBarrier together = new CyclicBarrier(2);
        startMillis = System.currentTimeMillis();
        List<CompletableFuture<ServerProcess>> starting = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            int n = i;
            starting.add(CompletableFuture.supplyAsync(() -> {
                try {
                    together.await();
                    return ServerProcess.start("Payara Micro instance " + (n + 1), commands.get(n),
                            runtime.resolve("two-instances-" + (n + 1) + ".log"), URI.create(bases.get(n) + "api/articles"),
                            "Exception while loading the app");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (CompletableFuture<ServerProcess> s : starting) {
            servers.add(s.join());
        }
        System.err.println("[tenantry] two Payara Micro instances up in " + (System.currentTimeMillis() - startMillis) + " ms");
    }

    @AfterAll
    void stopBoth() throws Exception {
        for (ServerProcess s : servers) {
            s.stop();
        }
        if (db != null) {
            db.close();
        }
    }

    @Test
    void startUpWorkRanOnceBetweenThem() throws Exception {
        for (ServerProcess s : servers) {
            assertThat(s.logText()).as("each instance started Tenantry").contains("Seeds run (DEMO mode)");
        }
        assertThat(servers.get(0).logText() + servers.get(1).logText()).as("Payara clustered the two (its Data Grid)")
                .contains("DG Size: 2");
        assertThat(sql("select count(*) from articles where slug in ('welcome', 'paging')")).isEqualTo("2");
        for (String history : List.of("tenantry_schema_history", "flyway_schema_history")) {
            assertThat(sql("select count(*) - count(distinct version) from " + history + " where version is not null"))
                    .as(history + ": every migration once").isEqualTo("0");
            assertThat(sql("select count(*) from " + history + " where not success")).as(history).isEqualTo("0");
        }
    }

    @Test
    void aMemberDemotedOnOneInstanceIsRefusedOnTheOtherAtTheNextRequest() throws Exception {
        String slug = "two-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(on(0, "alice", "POST", "api/orgs", null, "{\"name\":\"Two\",\"slug\":\"" + slug + "\"}").statusCode())
                .isEqualTo(201);
        assertThat(on(0, "alice", "POST", "api/orgs/" + slug + "/members", null, "{\"principal\":\"bob\",\"role\":\"ADMIN\"}")
                .statusCode()).isEqualTo(201);
        // bob acts on the second instance as ADMIN: it has read his membership
        assertThat(on(1, "bob", "POST", "api/orgs/" + slug + "/members", null, "{\"principal\":\"vera\",\"role\":\"MEMBER\"}")
                .statusCode()).isEqualTo(201);
        assertThat(on(1, "bob", "POST", "api/projects", slug, "{\"name\":\"Before\"}").statusCode()).isEqualTo(201);

        assertThat(on(0, "alice", "PUT", "api/orgs/" + slug + "/members/bob", null, "{\"role\":\"VIEWER\"}").statusCode())
                .isEqualTo(204);
        HttpResponse<String> invite = on(1, "bob", "POST", "api/orgs/" + slug + "/members", null,
                "{\"principal\":\"mallory\",\"role\":\"MEMBER\"}");
        assertThat(invite.statusCode()).as(invite.body()).isEqualTo(403);
        HttpResponse<String> write = on(1, "bob", "POST", "api/projects", slug, "{\"name\":\"After\"}");
        assertThat(write.statusCode()).as(write.body()).isEqualTo(403);
        assertThat(on(1, "bob", "GET", "api/projects", slug, null).statusCode()).as("a VIEWER still reads").isEqualTo(200);
        assertThat(sql("select count(*) from projects p join organizations o on o.id = p.organization_id"
                + " where o.slug = '" + slug + "'")).isEqualTo("1");
    }

    @Test
    void anArticleEditedOrSoftDeletedOnOneInstanceIsReadSoOnTheOther() throws Exception {
        String slug = "shared-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> created = on(0, "alice", "POST", "api/articles", null,
                "{\"title\":\"First\",\"slug\":\"" + slug + "\",\"body\":\"one\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = created.headers().firstValue("Location").orElseThrow().replaceFirst(".*/", "");
        assertThat(on(1, "alice", "GET", "api/articles/" + id, null, null).body()).contains("\"title\":\"First\"");

        assertThat(on(0, "alice", "PUT", "api/articles/" + id, null,
                "{\"title\":\"Second\",\"slug\":\"" + slug + "\",\"body\":\"two\"}").statusCode()).isEqualTo(200);
        assertThat(on(1, "alice", "GET", "api/articles/" + id, null, null).body()).contains("\"title\":\"Second\"");

        assertThat(on(0, "alice", "DELETE", "api/articles/" + id, null, null).statusCode()).isEqualTo(204);
        assertThat(on(1, "alice", "GET", "api/articles/" + id, null, null).statusCode()).isEqualTo(404);
    }

    @Test
    void twoRenamesOfOneProjectAtOneVersionEndInOneSuccessAndOneConflict() throws Exception {
        String slug = "race-" + UUID.randomUUID().toString().substring(0, 8);
        on(0, "alice", "POST", "api/orgs", null, "{\"name\":\"Race\",\"slug\":\"" + slug + "\"}");
        HttpResponse<String> created = on(0, "alice", "POST", "api/projects", slug, "{\"name\":\"Contended\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = created.body().replaceFirst(".*\"id\":\"([^\"]+)\".*", "$1");
        for (int round = 0; round < 5; round++) {
            long version = Long.parseLong(sql("select version from projects where id = '" + id + "'"));
            CyclicBarrier together = new CyclicBarrier(2);
            List<CompletableFuture<Integer>> renames = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                int n = i;
                int r = round;
                renames.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        together.await();
                        return on(n, "alice", "PUT", "api/projects/" + id + "/name?version=" + version, slug,
                                "{\"name\":\"by instance " + (n + 1) + " in round " + r + "\"}").statusCode();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
            List<Integer> statuses = renames.stream().map(CompletableFuture::join).sorted().toList();
            assertThat(statuses).as("round " + round).containsExactly(200, 409);
            assertThat(sql("select version from projects where id = '" + id + "'")).isEqualTo(String.valueOf(version + 1));
        }
    }

    private HttpResponse<String> on(int instance, String user, String method, String path, String tenant, String json)
            throws Exception {
        return DemoRequests.send(user, method, URI.create(bases.get(instance) + path), tenant, json);
    }

    private String sql(String query) throws Exception {
        try (Connection c = db.endpoint().connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
