package dev.tenantry.it;

import dev.tenantry.testing.arquillian.WildFlySetup;
import java.nio.file.Path;

/**
 * The WildFly the build unpacked, set up the way a user does it: server-config's CLI scripts, run
 * offline by the kit's {@link WildFlySetup}, and nothing else.
 */
final class WildFlyHome {

    private WildFlyHome() {
    }

    /** @return the unpacked server (system property {@code tenantry.it.wildfly.home}, set by the build) */
    static Path home() {
        return Path.of(System.getProperty("tenantry.it.wildfly.home"));
    }

    /** @return the folder with the driver, EclipseLink and example WAR the build copied */
    static Path runtime() {
        return ServerSupport.runtime();
    }

    /**
     * Resets the server and runs the given scripts of server-config ({@code wildfly/<name>}).
     *
     * @param scripts e.g. {@code tenantry.cli}
     */
    static void setUp(String... scripts) {
        WildFlySetup.of(home(), runtime()).postgresqlJar(runtime().resolve("postgresql.jar"))
                .eclipselinkJar(runtime().resolve("eclipselink.jar")).tenantryJars(ServerSupport.tenantryJars())
                .run(scripts);
    }
}
