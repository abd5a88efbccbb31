package dev.tenantry.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The WildFly the build unpacked, set up the way a user does it: server-config's CLI scripts, run
 * offline, and nothing else. Each set-up starts from the server as unpacked, whatever an earlier
 * test or build left in the folder.
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
        Path home = home();
        Path runtime = runtime();
        try {
            pristine(home);
            Path jipijapa;
            try (var files = Files.list(home.resolve("modules/system/layers/base/org/eclipse/persistence/main"))) {
                jipijapa = files.filter(f -> f.getFileName().toString().startsWith("jipijapa-eclipselink")).findFirst()
                        .orElseThrow(() -> new IllegalStateException("No jipijapa-eclipselink jar in " + home));
            }
            String tenantryJars = ServerSupport.tenantryJars().stream().map(jar -> jar.toAbsolutePath().toString())
                    .collect(Collectors.joining(":"));
            for (String name : scripts) {
                Path script = runtime.resolve(name);
                try (InputStream in = WildFlyHome.class.getClassLoader().getResourceAsStream("wildfly/" + name)) {
                    Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
                }
                Path log = runtime.resolve("wildfly-" + name + ".log");
                Process cli = new ProcessBuilder(home.resolve("bin/jboss-cli.sh").toString(), "--file=" + script,
                        "-Dtenantry.postgresql.jar=" + runtime.resolve("postgresql.jar").toAbsolutePath(),
                        "-Dtenantry.eclipselink.jar=" + runtime.resolve("eclipselink.jar").toAbsolutePath(),
                        "-Dtenantry.jipijapa.jar=" + jipijapa, "-Dtenantry.jars=" + tenantryJars)
                        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
                if (cli.waitFor() != 0) {
                    throw new IllegalStateException("jboss-cli.sh --file=" + name + " failed: " + Files.readString(log));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Undoes what an earlier set-up in the same build folder did. */
    private static void pristine(Path home) throws IOException {
        Path config = home.resolve("standalone/configuration/standalone.xml");
        Path original = home.resolve("standalone/configuration/standalone.xml.original");
        if (Files.exists(original)) {
            Files.copy(original, config, StandardCopyOption.REPLACE_EXISTING);
        } else {
            Files.copy(config, original);
        }
        List<Path> leftovers = new ArrayList<>(List.of(home.resolve("modules/org/postgresql"), home.resolve("modules/org/eclipse"), home.resolve("modules/dev"),
                home.resolve("standalone/data"), home.resolve("standalone/tmp")));
        try (var deployments = Files.list(home.resolve("standalone/deployments"))) {
            deployments.filter(f -> !f.getFileName().toString().equals("README.txt")).forEach(leftovers::add);
        }
        for (Path dir : leftovers) {
            if (Files.exists(dir)) {
                try (var files = Files.walk(dir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                }
            }
        }
    }
}
