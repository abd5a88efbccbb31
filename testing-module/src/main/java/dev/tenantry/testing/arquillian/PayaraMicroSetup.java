package dev.tenantry.testing.arquillian;

import dev.tenantry.embedded.PostgresEndpoint;
import dev.tenantry.persistence.PersistenceSettings;
import dev.tenantry.serverconfig.PayaraMicroDataSource;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The Payara Micro options that give a test server a database as production has it under row-level
 * security: a post-boot command file with the runtime pool ({@code jdbc/tenantry}, as
 * {@code tenantry_app}) and the owner's pool for migrations (server-config's
 * {@code PayaraMicroDataSource}), the system property that points Tenantry's migrations at the
 * owner's pool, and the JDBC driver on the class path. Hand them to Payara's Arquillian connector:
 *
 * <pre>{@code
 * System.setProperty("payara.extraMicroOptions",
 *         String.join(" ", PayaraMicroSetup.rowSecurityOptions(endpoint, workFolder, driverJar, List.of())));
 * }</pre>
 */
public final class PayaraMicroSetup {

    private PayaraMicroSetup() {
    }

    /**
     * @param database      the test database, with Tenantry's roles applied
     * @param work          a folder for the post-boot and properties files
     * @param postgresqlJar the PostgreSQL JDBC driver
     * @param libraries     more jars (or folders of jars) for Payara's class path, e.g. Tenantry's for
     *                      the server-library shape
     * @return Payara Micro's command-line options
     */
    public static List<String> rowSecurityOptions(PostgresEndpoint database, Path work, Path postgresqlJar, List<Path> libraries) {
        try {
            Files.createDirectories(work);
            Path postBoot = PayaraMicroDataSource.write(PayaraMicroDataSource.rowSecurityCommands(database),
                    work.resolve("post-boot.asadmin"));
            Path properties = work.resolve("system.properties");
            Files.writeString(properties, PersistenceSettings.MIGRATION_DATASOURCE + "=" + PayaraMicroDataSource.OWNER_JNDI_NAME + "\n");
            List<String> jars = new ArrayList<>(List.of(postgresqlJar.toAbsolutePath().toString()));
            libraries.forEach(jar -> jars.add(jar.toAbsolutePath().toString()));
            return List.of("--postbootcommandfile", postBoot.toAbsolutePath().toString(),
                    "--systemproperties", properties.toAbsolutePath().toString(),
                    "--addlibs", String.join(File.pathSeparator, jars));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
