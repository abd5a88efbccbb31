package dev.tenantry.it;

import dev.tenantry.embedded.PostgresEndpoint;
import dev.tenantry.embedded.TestDatabase;
import dev.tenantry.serverconfig.PayaraMicroDataSource;
import java.io.File;
import java.nio.file.Path;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Gives the Payara Micro that Arquillian starts a PostgreSQL database of its own: one fresh database
 * per test JVM on the server {@code PostgresServers.forTests()} chose (embedded when none answers),
 * exposed to Payara as {@code jdbc/tenantry} through the server-config post-boot commands.
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
            Path runtime = Path.of(System.getProperty("tenantry.it.runtime", "target/runtime"));
            Path postBoot = PayaraMicroDataSource.write(database.endpoint(), PayaraMicroDataSource.DEFAULT_JNDI_NAME,
                    runtime.resolve("post-boot.asadmin"));
            System.setProperty("payara.extraMicroOptions", "--postbootcommandfile " + postBoot.toAbsolutePath()
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
