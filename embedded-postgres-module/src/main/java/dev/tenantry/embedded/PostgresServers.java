package dev.tenantry.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;

/**
 * Chooses the PostgreSQL server a launcher or test suite talks to.
 *
 * <p>Configuration, read from system properties first and environment variables second:
 * <table>
 *   <caption>Keys</caption>
 *   <tr><th>environment</th><th>system property</th><th>meaning</th></tr>
 *   <tr><td>{@value #DB_URL_ENV}</td><td>{@code tenantry.db.url}</td>
 *       <td>the application database; unset: start an embedded one</td></tr>
 *   <tr><td>{@value #TEST_DB_URL_ENV}</td><td>{@code tenantry.test.db.url}</td>
 *       <td>the server tests create their databases on; unset, or not answering: embedded</td></tr>
 *   <tr><td>{@code TENANTRY_DB_USER} / {@code TENANTRY_TEST_DB_USER}</td><td>…{@code .user}</td>
 *       <td>role, default {@code postgres}</td></tr>
 *   <tr><td>{@code TENANTRY_DB_PASSWORD} / {@code TENANTRY_TEST_DB_PASSWORD}</td><td>…{@code .password}</td>
 *       <td>password, default empty</td></tr>
 * </table>
 *
 * <p>The embedded server is started at most once per JVM and stopped by a shutdown hook. Thread-safe.
 */
public final class PostgresServers {

    /**
     * System property: the embedded server's {@code shared_buffers} (e.g. {@code 3GB}), when the
     * PostgreSQL default (128MB) is too small for the data, as in the scale benchmark.
     */
    public static final String SHARED_BUFFERS_PROPERTY = "tenantry.embedded.shared-buffers";


    /** Environment variable naming the application database URL. */
    public static final String DB_URL_ENV = "TENANTRY_DB_URL";
    /** Environment variable naming the server that tests run against. */
    public static final String TEST_DB_URL_ENV = "TENANTRY_TEST_DB_URL";

    private static final System.Logger LOG = System.getLogger(PostgresServers.class.getName());
    private static EmbeddedPostgres embedded;

    private PostgresServers() {
    }

    /**
     * The application database: {@code TENANTRY_DB_URL} when set (it must answer), otherwise an
     * embedded server whose data survives restarts in {@code dataDirectory}.
     *
     * @param dataDirectory where the embedded server keeps its files
     * @return the endpoint to connect to
     */
    public static PostgresEndpoint forApplication(Path dataDirectory) {
        Optional<PostgresEndpoint> configured = configured("tenantry.db", DB_URL_ENV);
        if (configured.isPresent()) {
            return configured.get();
        }
        PostgresEndpoint endpoint = startEmbedded(dataDirectory, false);
        LOG.log(Level.INFO, "No " + DB_URL_ENV + " set: started embedded PostgreSQL at " + endpoint);
        return endpoint;
    }

    /**
     * The server tests run against: {@code TENANTRY_TEST_DB_URL} when set and answering, otherwise an
     * embedded server with a throw-away data directory. The choice is printed, so a test log always
     * says which database it ran on.
     *
     * @return an endpoint whose role may create databases
     */
    public static synchronized PostgresEndpoint forTests() {
        Optional<PostgresEndpoint> configured = configured("tenantry.test.db", TEST_DB_URL_ENV);
        if (configured.isPresent()) {
            PostgresEndpoint endpoint = configured.get();
            Optional<String> problem = probe(endpoint);
            if (problem.isEmpty()) {
                return endpoint;
            }
            System.err.println("[tenantry] No PostgreSQL answered at " + endpoint + " (" + problem.get()
                    + "); starting an embedded PostgreSQL instead.");
        }
        try {
            PostgresEndpoint endpoint = startEmbedded(Files.createTempDirectory("tenantry-pg-"), true);
            System.err.println("[tenantry] Tests use embedded PostgreSQL at " + endpoint
                    + (configured.isEmpty() ? " (set " + TEST_DB_URL_ENV + " to use another server)" : ""));
            return endpoint;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Tries one connection.
     *
     * @param endpoint where to connect
     * @return empty when the server answered, else what went wrong
     */
    public static Optional<String> probe(PostgresEndpoint endpoint) {
        try (Connection ignored = endpoint.connect()) {
            return Optional.empty();
        } catch (SQLException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** @param throwAway whether the data directory is deleted when the server stops (tests) */
    private static synchronized PostgresEndpoint startEmbedded(Path dataDirectory, boolean throwAway) {
        if (embedded == null) {
            try {
                Files.createDirectories(dataDirectory);
                EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                        .setDataDirectory(dataDirectory)
                        .setCleanDataDirectory(throwAway)
                        .setServerConfig("max_connections", "200");
                String sharedBuffers = System.getProperty(SHARED_BUFFERS_PROPERTY);
                if (sharedBuffers != null && !sharedBuffers.isBlank()) {
                    builder.setServerConfig("shared_buffers", sharedBuffers);
                }
                embedded = builder.start();
            } catch (IOException e) {
                throw new UncheckedIOException("Could not start embedded PostgreSQL in " + dataDirectory
                        + "; set " + DB_URL_ENV + " (or " + TEST_DB_URL_ENV + " for tests) to use a running server", e);
            }
        }
        return new PostgresEndpoint("jdbc:postgresql://localhost:" + embedded.getPort() + "/postgres", "postgres", "");
    }

    private static Optional<PostgresEndpoint> configured(String propertyPrefix, String envName) {
        Map<String, String> env = System.getenv();
        String url = System.getProperty(propertyPrefix + ".url", env.get(envName));
        if (url == null || url.isBlank()) {
            return Optional.empty();
        }
        String user = System.getProperty(propertyPrefix + ".user", env.getOrDefault(envName.replace("_URL", "_USER"), "postgres"));
        String password = System.getProperty(propertyPrefix + ".password", env.getOrDefault(envName.replace("_URL", "_PASSWORD"), ""));
        return Optional.of(new PostgresEndpoint(url.trim(), user, password));
    }
}
