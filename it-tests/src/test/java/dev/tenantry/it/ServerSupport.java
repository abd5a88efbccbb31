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
 * Gives the Payara Micro that Arquillian starts a PostgreSQL database of its own: one fresh database
 * per test JVM on the server {@code PostgresServers.forTests()} chose (embedded when none answers),
 * exposed to Payara through the server-config post-boot commands as in production with row-level
 * security: {@code jdbc/tenantry} as the runtime role {@code tenantry_app}, {@code jdbc/tenantry-owner}
 * as the owner the migrations run as.
 *
 * <p>A JUnit launcher-session listener (registered in {@code META-INF/services}), because Arquillian
 * reads {@code payara.extraMicroOptions} before any test class is initialised.
 */
public final class PayaraMicroSupport implements LauncherSessionListener {

    private static TestDatabase database;

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        database();
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        synchronized (PayaraMicroSupport.class) {
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

    /** @return the example application's WAR as the build made it */
    static WebArchive exampleWar() {
        File war = Path.of(System.getProperty("tenantry.it.runtime", "target/runtime"), "tenantry-example.war").toFile();
        return ShrinkWrap.createFromZipFile(WebArchive.class, war);
    }
}
