package dev.tenantry.embedded;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

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
     * The same server and database as another role: the roles a schema's scripts create (an owner,
     * a runtime role under row-level security) beside the administrator this endpoint names.
     *
     * @param role     the role to connect as
     * @param password its password, empty for trust authentication (the embedded server's)
     * @return an endpoint for that role
     */
    public PostgresEndpoint withUser(String role, String password) {
        return new PostgresEndpoint(jdbcUrl, role, password);
    }

    /**
     * A {@link DataSource} that opens a new connection to this endpoint on each
     * {@code getConnection()}, without a pool: for migrations, tools and tests. Give an
     * application a pool.
     *
     * @return an unpooled data source with this endpoint's URL and credentials
     */
    public DataSource dataSource() {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(jdbcUrl);
        ds.setUser(user);
        if (!password.isEmpty()) {
            ds.setPassword(password);
        }
        ds.setConnectTimeout(3);
        return ds;
    }

    /**
     * The properties that point a persistence unit at this endpoint, for
     * {@code Persistence.createEntityManagerFactory(unit, properties)}: the four
     * {@code jakarta.persistence.jdbc.*} settings (URL, user, password, PostgreSQL's driver).
     *
     * @return a new mutable map: add the unit's other properties to it
     */
    public Map<String, Object> jpaProperties() {
        Map<String, Object> properties = new HashMap<>();
        properties.put("jakarta.persistence.jdbc.url", jdbcUrl);
        properties.put("jakarta.persistence.jdbc.user", user);
        properties.put("jakarta.persistence.jdbc.password", password);
        properties.put("jakarta.persistence.jdbc.driver", "org.postgresql.Driver");
        return properties;
    }

    /**
     * @param more further properties of the unit (they win over this endpoint's)
     * @return {@link #jpaProperties()} with {@code more} added
     */
    public Map<String, Object> jpaProperties(Map<String, ?> more) {
        Map<String, Object> properties = jpaProperties();
        properties.putAll(more);
        return properties;
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
