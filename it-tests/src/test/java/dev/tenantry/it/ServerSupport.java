package dev.tenantry.it;

import dev.tenantry.embedded.PostgresEndpoint;
import dev.tenantry.embedded.TestDatabase;
import dev.tenantry.serverconfig.PayaraMicroDataSource;
import dev.tenantry.serverconfig.PostgresRoles;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
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

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        database();
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
                System.setProperty("tenantry.it.wildfly.vmargs", String.join(" ", "-Xmx768m",
                        "-Djboss.socket.binding.port-offset=" + WILDFLY_PORT_OFFSET,
                        "-Djava.io.tmpdir=" + WildFlyHome.runtime().toAbsolutePath(),
                        "-Dtenantry.db.url=" + endpoint.jdbcUrl(),
                        "-Dtenantry.db.user=tenantry_app", "-Dtenantry.db.password=unused",
                        "-Dtenantry.db.owner.user=tenantry_owner", "-Dtenantry.db.owner.password=unused",
                        "-Dtenantry.migration.datasource=" + PayaraMicroDataSource.OWNER_JNDI_NAME));
                return endpoint;
            }
            Path runtime = Path.of(System.getProperty("tenantry.it.runtime", "target/runtime"));
            Path postBoot = PayaraMicroDataSource.write(PayaraMicroDataSource.rowSecurityCommands(database.endpoint()),
                    runtime.resolve("post-boot.asadmin"));
            Path properties = runtime.resolve("system.properties");
            try {
                Files.writeString(properties, "tenantry.migration.datasource=" + PayaraMicroDataSource.OWNER_JNDI_NAME + "\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            System.setProperty("payara.extraMicroOptions", "--postbootcommandfile " + postBoot.toAbsolutePath()
                    + " --systemproperties " + properties.toAbsolutePath()
                    + " --addlibs " + runtime.resolve("postgresql.jar").toAbsolutePath());
        }
        return database.endpoint();
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

    /** @return the example application's WAR as the build made it */
    static WebArchive exampleWar() {
        File war = Path.of(System.getProperty("tenantry.it.runtime", "target/runtime"), "tenantry-example.war").toFile();
        return ShrinkWrap.createFromZipFile(WebArchive.class, war);
    }
}
