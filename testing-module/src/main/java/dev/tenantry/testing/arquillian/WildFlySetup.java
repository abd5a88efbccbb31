package dev.tenantry.testing.arquillian;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Sets up an unpacked WildFly for an Arquillian suite the way an operator sets up production: by
 * running server-config's CLI scripts offline ({@code wildfly/tenantry.cli} — driver, datasource,
 * EclipseLink module, Jakarta Security, Health, metrics; {@code row-security.cli}; and, for the
 * server-library shape, {@code tenantry-module.cli}). Each set-up starts from the server as
 * unpacked, whatever an earlier run left in the folder, so a suite can run it before every build.
 *
 * <pre>{@code
 * WildFlySetup.of(wildflyHome, workFolder)
 *         .postgresqlJar(driverJar).eclipselinkJar(eclipselinkJar)
 *         .run("tenantry.cli", "row-security.cli");
 * }</pre>
 *
 * <p>The datasource reads its URL and credentials from the system properties
 * {@code tenantry.db.url}, {@code tenantry.db.user}, {@code tenantry.db.password} (or the
 * {@code TENANTRY_DB_*} environment) of the server's JVM: give them to Arquillian's
 * {@code javaVmArguments}.
 */
public final class WildFlySetup {

    private final Path home;
    private final Path work;
    private Path postgresqlJar;
    private Path eclipselinkJar;
    private List<Path> tenantryJars = List.of();

    private WildFlySetup(Path home, Path work) {
        this.home = Objects.requireNonNull(home, "home");
        this.work = Objects.requireNonNull(work, "work");
    }

    /**
     * @param home the unpacked WildFly ({@code wildfly-39.0.1.Final})
     * @param work a folder for the scripts and their logs
     * @return a set-up, to be given the jars and run
     */
    public static WildFlySetup of(Path home, Path work) {
        return new WildFlySetup(home, work);
    }

    /** @param jar the PostgreSQL JDBC driver, installed as the module {@code org.postgresql} @return this */
    public WildFlySetup postgresqlJar(Path jar) {
        postgresqlJar = jar;
        return this;
    }

    /** @param jar EclipseLink, installed as the module {@code org.eclipse.persistence} @return this */
    public WildFlySetup eclipselinkJar(Path jar) {
        eclipselinkJar = jar;
        return this;
    }

    /** @param jars Tenantry's jars and their dependencies, for {@code tenantry-module.cli} @return this */
    public WildFlySetup tenantryJars(List<Path> jars) {
        tenantryJars = List.copyOf(jars);
        return this;
    }

    /** @return the server's folder */
    public Path home() {
        return home;
    }

    /**
     * Resets the server and runs server-config's scripts, in order.
     *
     * @param scripts names under server-config's {@code wildfly/}, e.g. {@code tenantry.cli}
     * @throws IllegalStateException when a script fails, with its output
     */
    public void run(String... scripts) {
        Objects.requireNonNull(postgresqlJar, "postgresqlJar");
        Objects.requireNonNull(eclipselinkJar, "eclipselinkJar");
        try {
            Files.createDirectories(work);
            pristine();
            Path jipijapa;
            try (var files = Files.list(home.resolve("modules/system/layers/base/org/eclipse/persistence/main"))) {
                jipijapa = files.filter(f -> f.getFileName().toString().startsWith("jipijapa-eclipselink")).findFirst()
                        .orElseThrow(() -> new IllegalStateException("No jipijapa-eclipselink jar in " + home
                                + ": is this an unpacked WildFly?"));
            }
            String jars = tenantryJars.stream().map(jar -> jar.toAbsolutePath().toString()).collect(Collectors.joining(":"));
            for (String name : scripts) {
                Path script = work.resolve(name);
                try (InputStream in = WildFlySetup.class.getClassLoader().getResourceAsStream("wildfly/" + name)) {
                    if (in == null) {
                        throw new IllegalStateException("server-config has no script wildfly/" + name);
                    }
                    Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
                }
                Path log = work.resolve("wildfly-" + name + ".log");
                Process cli = new ProcessBuilder(home.resolve("bin/jboss-cli.sh").toString(), "--file=" + script,
                        "-Dtenantry.postgresql.jar=" + postgresqlJar.toAbsolutePath(),
                        "-Dtenantry.eclipselink.jar=" + eclipselinkJar.toAbsolutePath(),
                        "-Dtenantry.jipijapa.jar=" + jipijapa, "-Dtenantry.jars=" + jars)
                        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
                if (cli.waitFor() != 0) {
                    throw new IllegalStateException("jboss-cli.sh --file=" + name + " failed: " + Files.readString(log));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while setting up WildFly", e);
        }
    }

    /** Undoes what an earlier set-up in the same folder did. */
    private void pristine() throws IOException {
        Path config = home.resolve("standalone/configuration/standalone.xml");
        Path original = home.resolve("standalone/configuration/standalone.xml.original");
        if (Files.exists(original)) {
            Files.copy(original, config, StandardCopyOption.REPLACE_EXISTING);
        } else {
            Files.copy(config, original);
        }
        List<Path> leftovers = new ArrayList<>(List.of(home.resolve("modules/org/postgresql"), home.resolve("modules/org/eclipse"),
                home.resolve("modules/dev"), home.resolve("standalone/data"), home.resolve("standalone/tmp")));
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
