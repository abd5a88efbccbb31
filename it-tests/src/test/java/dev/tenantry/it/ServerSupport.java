package dev.tenantry.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantry.embedded.PostgresEndpoint;
import dev.tenantry.embedded.TestDatabase;
import dev.tenantry.serverconfig.PayaraMicroDataSource;
import dev.tenantry.serverconfig.PostgresRoles;
import dev.tenantry.testing.arquillian.PayaraMicroSetup;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Gives the server that Arquillian starts — Payara Micro, or WildFly when the system property
 * {@code tenantry.it.server} is {@code wildfly} (the build's second run of the suites) — a PostgreSQL
 * database of its own. On WildFly through server-config's CLI scripts. On Payara Micro: one fresh database
 * per test JVM on the server {@code PostgresServers.forTests()} chose (embedded when none answers),
 * exposed to Payara through the server-config post-boot commands as in production with row-level
 * security: {@code jdbc/tenantry} as the runtime role {@code tenantry_app}, {@code jdbc/tenantry-owner}
 * as the owner the migrations run as.
 *
 * <p>A JUnit launcher-session listener (registered in {@code META-INF/services}), because Arquillian
 * reads {@code payara.extraMicroOptions} before any test class is initialised.
 */
public final class ServerSupport implements LauncherSessionListener {

    /** WildFly's ports: HTTP 8380, management 10290 (arquillian.xml). */
    static final int WILDFLY_PORT_OFFSET = 300;

    private static TestDatabase database;

    /** Whether the database was set up for Payara Micro (not WildFly). */
    private static boolean payaraOptions;

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        String agent = coverageAgent();
        if (!agent.isEmpty() && !onWildFly()) {
            System.setProperty("payara.cmdOptions", (System.getProperty("payara.cmdOptions", "") + " " + agent).trim());
        }
        database();
    }

    /**
     * @return the JaCoCo agent option for the servers' JVMs (the build's {@code tenantry.it.jacoco}),
     *         or empty when coverage is off
     */
    static String coverageAgent() {
        String agent = System.getProperty("tenantry.it.jacoco", "");
        return agent.startsWith("-javaagent:") ? agent : "";
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        synchronized (ServerSupport.class) {
            if (database != null) {
                database.close();
                database = null;
            }
        }
    }

    static synchronized PostgresEndpoint database() {
        if (database == null) {
            database = TestDatabase.create("it");
            // as in production with row-level security: the server's pool connects as the runtime role,
            // migrations run on a second pool as the owner
            try (Connection superuser = database.endpoint().connect()) {
                PostgresRoles.apply(superuser);
            } catch (SQLException e) {
                throw new IllegalStateException("Cannot create the PostgreSQL roles: " + e.getMessage(), e);
            }
            if (onWildFly()) {
                // the shipped scripts; the datasources read their settings from system properties here
                WildFlyHome.setUp("tenantry.cli", "row-security.cli", "tenantry-module.cli");
                PostgresEndpoint endpoint = database.endpoint();
                System.setProperty("tenantry.it.wildfly.vmargs", String.join(" ", "-Xmx768m", coverageAgent(),
                        "-Djboss.socket.binding.port-offset=" + WILDFLY_PORT_OFFSET,
                        "-Djava.io.tmpdir=" + WildFlyHome.runtime().toAbsolutePath(),
                        "-Dtenantry.db.url=" + endpoint.jdbcUrl(),
                        "-Dtenantry.db.user=tenantry_app", "-Dtenantry.db.password=unused",
                        "-Dtenantry.db.owner.user=tenantry_owner", "-Dtenantry.db.owner.password=unused",
                        "-Dtenantry.migration.datasource=" + PayaraMicroDataSource.OWNER_JNDI_NAME));
                return endpoint;
            }
            payaraOptions = true;
            System.setProperty("payara.extraMicroOptions", String.join(" ", payaraOptions(List.of())));
        }
        return database.endpoint();
    }

    /**
     * @param libraries jars, or folders of jars, to put on Payara's class path besides the PostgreSQL driver
     * @return the options that give Payara Micro the test database, as Arquillian's Payara is given them
     */
    static synchronized List<String> payaraOptions(List<Path> libraries) {
        database();
        if (!payaraOptions) {
            throw new IllegalStateException("The database was set up for WildFly (tenantry.it.server=wildfly), not for Payara Micro");
        }
        return PayaraMicroSetup.rowSecurityOptions(database.endpoint(), runtime(), runtime().resolve("postgresql.jar"), libraries);
    }

    /** @return the folder with the server runtimes and the example WAR the build copied */
    static Path runtime() {
        return Path.of(System.getProperty("tenantry.it.runtime", "target/runtime"));
    }

    /**
     * Tenantry as installed once on a server: its jars and their dependencies as the example WAR
     * ships them, without encryption (live mode would require a key of every deployment).
     *
     * @return the jars, copied to the runtime folder's {@code tenantry-server-jars}
     */
    static List<Path> tenantryJars() {
        Path dir = runtime().resolve("tenantry-server-jars");
        List<Path> jars = new ArrayList<>();
        try {
            Files.createDirectories(dir);
            for (var entry : exampleWar().getContent(path -> path.get().startsWith("/WEB-INF/lib/")
                    && path.get().endsWith(".jar") && !path.get().contains("tenantry-crypto") && !path.get().contains("jasypt")).entrySet()) {
                Path jar = dir.resolve(entry.getKey().get().substring("/WEB-INF/lib/".length()));
                try (InputStream in = entry.getValue().getAsset().openStream()) {
                    Files.copy(in, jar, StandardCopyOption.REPLACE_EXISTING);
                }
                jars.add(jar);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return jars;
    }

    /** @return whether this run of the suites is the one on WildFly */
    static boolean onWildFly() {
        return "wildfly".equals(System.getProperty("tenantry.it.server"));
    }

    /**
     * @param path e.g. {@code health/ready}
     * @return the address on WildFly's management port, where it serves MicroProfile Health
     */
    static java.net.URI wildFlyManagement(String path) {
        return java.net.URI.create("http://localhost:" + (9990 + WILDFLY_PORT_OFFSET) + "/" + path);
    }

    /**
     * For a deployment that must fail on Payara Micro, which logs the failure but reports the archive
     * as deployed: the example's API is not served.
     *
     * @param base the deployment's URL
     * @throws Exception when the request cannot be sent
     */
    static void assertNotServed(URL base) throws Exception {
        URI articles = URI.create(base.toString().replaceAll("/?$", "/") + "api/articles");
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(articles).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("the failed deployment is not served").isEqualTo(404);
    }

    /** @return the example application's WAR as the build made it */
    static WebArchive exampleWar() {
        File war = runtime().resolve("tenantry-example.war").toFile();
        return ShrinkWrap.createFromZipFile(WebArchive.class, war);
    }

    /**
     * @param config the whole {@code microprofile-config.properties} the example should run with
     * @return the example WAR with that configuration in place of its own
     */
    static WebArchive exampleWar(String config) {
        WebArchive war = exampleWar();
        war.delete("WEB-INF/classes/META-INF/microprofile-config.properties");
        return war.addAsResource(new org.jboss.shrinkwrap.api.asset.StringAsset(config),
                "META-INF/microprofile-config.properties");
    }

    /**
     * @param query a query on the suite's database, as its superuser
     * @return the first column of its first row
     * @throws java.sql.SQLException when the query fails
     */
    static String sql(String query) throws java.sql.SQLException {
        try (java.sql.Connection c = database().connect(); java.sql.Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery(query)) {
            rs.next();
            return rs.getString(1);
        }
    }

    /**
     * A problem body without its {@code correlationId}, which differs per request: for comparing two
     * refusals that must read alike (a foreign organization and an unknown one).
     */
    static String withoutCorrelationId(String body) {
        return body.replaceAll(",\"correlationId\":\"[^\"]*\"", "");
    }
}
