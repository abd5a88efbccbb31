package dev.tenantry.embedded;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Properties;

/**
 * Where a PostgreSQL database answers, and as whom to connect.
 *
 * <p>Immutable and thread-safe. {@link #toString()} never shows the password.
 *
 * @param jdbcUrl  a {@code jdbc:postgresql://host:port/database} URL
 * @param user     the role to connect as
 * @param password its password, empty for trust authentication
 */
public record PostgresEndpoint(String jdbcUrl, String user, String password) {

    private static final String PREFIX = "jdbc:postgresql://";

    /** Validates the URL form so that a typo fails here and not on first use. */
    public PostgresEndpoint {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(user, "user");
        password = password == null ? "" : password;
        if (!jdbcUrl.startsWith(PREFIX)) {
            throw new IllegalArgumentException("Expected a PostgreSQL JDBC URL of the form "
                    + "jdbc:postgresql://host:port/database, got '" + jdbcUrl + "'");
        }
    }

    /** @return the host name of the server */
    public String host() {
        return uri().getHost();
    }

    /** @return the TCP port of the server (5432 when the URL names none) */
    public int port() {
        int port = uri().getPort();
        return port < 0 ? 5432 : port;
    }

    /** @return the database name */
    public String database() {
        String path = uri().getPath();
        return path == null || path.length() <= 1 ? "postgres" : path.substring(1);
    }

    /**
     * The same server and credentials, another database.
     *
     * @param name database name
     * @return an endpoint for that database
     */
    public PostgresEndpoint withDatabase(String name) {
        return new PostgresEndpoint(PREFIX + host() + ":" + port() + "/" + name, user, password);
    }

    /**
     * Opens a plain JDBC connection; the caller closes it.
     *
     * @return an open connection
     * @throws SQLException when the server does not answer or refuses the login
     */
    public Connection connect() throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        if (!password.isEmpty()) {
            props.setProperty("password", password);
        }
        props.setProperty("connectTimeout", "3");
        return DriverManager.getConnection(jdbcUrl, props);
    }

    private URI uri() {
        return URI.create(jdbcUrl.substring("jdbc:".length()));
    }

    @Override
    public String toString() {
        return jdbcUrl + " (user " + user + ")";
    }
}
