package dev.tenantry.serverconfig;

import dev.tenantry.embedded.PostgresEndpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Writes a Payara Micro post-boot command file that creates a PostgreSQL connection pool and the
 * JDBC resource the application names in {@code <jta-data-source>}.
 *
 * <p>Use it with {@code java -jar payara-micro.jar --postbootcommandfile FILE --addlibs postgresql.jar
 * --deploy app.war}. The driver is given with {@code --addlibs} so it stays out of the WAR. The file
 * holds the database password when one is set: write it to a private directory.
 */
public final class PayaraMicroDataSource {

    /** Default JNDI name, matching {@code PersistenceSettings.DEFAULT_DATASOURCE}. */
    public static final String DEFAULT_JNDI_NAME = "jdbc/tenantry";
    private static final String POOL = "TenantryPool";

    private PayaraMicroDataSource() {
    }

    /**
     * @param endpoint where PostgreSQL answers
     * @param jndiName the JDBC resource name, e.g. {@code jdbc/tenantry}
     * @return the asadmin commands, one a line
     */
    public static String commands(PostgresEndpoint endpoint, String jndiName) {
        Objects.requireNonNull(endpoint, "endpoint");
        Map<String, String> props = new LinkedHashMap<>();
        props.put("serverName", endpoint.host());
        props.put("portNumber", Integer.toString(endpoint.port()));
        props.put("databaseName", endpoint.database());
        props.put("user", endpoint.user());
        // Payara refuses a pool without a password and asadmin refuses an empty value. PostgreSQL
        // never accepts an empty password, so an empty one means trust authentication: any value does.
        props.put("password", endpoint.password().isEmpty() ? "unused" : endpoint.password());
        // keep row values out of exception messages and so out of logs
        props.put("logServerErrorDetail", "false");
        String properties = props.entrySet().stream()
                .map(e -> e.getKey() + "=" + escape(e.getValue()))
                .collect(Collectors.joining(":"));
        return "create-jdbc-connection-pool --datasourceclassname=org.postgresql.ds.PGSimpleDataSource"
                + " --restype=javax.sql.DataSource --isconnectvalidatereq=true --validationmethod=auto-commit"
                + " --property " + properties + " " + POOL + "\n"
                + "create-jdbc-resource --connectionpoolid=" + POOL + " " + jndiName + "\n";
    }

    /**
     * Writes {@link #commands} to {@code file}, readable by its owner only where the file system allows.
     *
     * @param endpoint where PostgreSQL answers
     * @param jndiName the JDBC resource name
     * @param file     where to write
     * @return {@code file}
     */
    public static Path write(PostgresEndpoint endpoint, String jndiName, Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, commands(endpoint, jndiName), StandardCharsets.UTF_8);
            file.toFile().setReadable(false, false);
            file.toFile().setReadable(true, true);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write Payara post-boot commands to " + file, e);
        }
    }

    /** asadmin property syntax: ':' separates properties, so ':' and '=' inside values are escaped. */
    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace(":", "\\:").replace("=", "\\=");
    }
}
