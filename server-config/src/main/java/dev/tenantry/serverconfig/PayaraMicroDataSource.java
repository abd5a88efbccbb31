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
    /**
     * JNDI name of the pool migrations run on when the runtime role cannot own the schema (row-level
     * security); give it to the application as {@code tenantry.migration.datasource}.
     */
    public static final String OWNER_JNDI_NAME = "jdbc/tenantry-owner";
    private static final String POOL = "TenantryPool";
    /**
     * Connection validation: every borrowed connection makes one round trip ({@code Connection.isValid}),
     * so a connection whose backend was terminated is never handed to a request: the pool drops it and
     * hands out (or opens) another. The default method, {@code auto-commit}, never reaches the server
     * and lets dead connections through. {@code failconnection} stays off: with it, the first failed
     * validation makes the borrowing request close every connection of the pool and open the steady
     * pool again itself, under the pool's lock, while the other requests wait; a restart or failover
     * that killed every backend costs a few failed round trips without it (each dead connection fails
     * fast). {@code BackendFaultIT} (backends killed every 0.5 s during 300 creates): 51 and 65 s with
     * 129 and 148 answers of 503 with it, 26 and 44 s with 75 and 118 without.
     */
    static final String VALIDATION = "--validationmethod=custom-validation"
            + " --validationclassname=org.glassfish.api.jdbc.validation.JDBC40ConnectionValidation --failconnection=false";

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
        String pool = jndiName.equals(DEFAULT_JNDI_NAME) ? POOL : POOL + "-" + jndiName.replaceAll("[^A-Za-z0-9]+", "-");
        return "create-jdbc-connection-pool --datasourceclassname=org.postgresql.ds.PGSimpleDataSource"
                + " --restype=javax.sql.DataSource --isconnectvalidatereq=true " + VALIDATION
                + " --property " + properties + " " + pool + "\n"
                + "create-jdbc-resource --connectionpoolid=" + pool + " " + jndiName + "\n";
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
        return write(commands(endpoint, jndiName), file);
    }

    /**
     * The two pools of a database with row-level security: {@value #DEFAULT_JNDI_NAME} as the runtime
     * role {@value PostgresRoles#RUNTIME} and {@value #OWNER_JNDI_NAME} as the owner
     * {@value PostgresRoles#OWNER}, both without password (trust authentication; add one with
     * {@link #commands} for other set-ups).
     *
     * @param database where PostgreSQL answers (any user: the roles replace it)
     * @return the asadmin commands
     */
    public static String rowSecurityCommands(PostgresEndpoint database) {
        return commands(new PostgresEndpoint(database.jdbcUrl(), PostgresRoles.RUNTIME, ""), DEFAULT_JNDI_NAME)
                + commands(new PostgresEndpoint(database.jdbcUrl(), PostgresRoles.OWNER, ""), OWNER_JNDI_NAME);
    }

    /**
     * Writes asadmin commands to {@code file}, readable by its owner only where the file system allows.
     *
     * @param commands the commands
     * @param file     where to write
     * @return {@code file}
     */
    public static Path write(String commands, Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, commands, StandardCharsets.UTF_8);
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
