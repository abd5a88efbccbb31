package dev.tenantry.tenancy.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether a database is part of a Citus cluster: its {@code citus} extension is installed. There the
 * row-level security scope is set with {@code SET LOCAL} (Tenantry's {@code tenantry_set_scope}),
 * inside a transaction, because {@code set_config} never reaches the workers.
 *
 * <p>Asked once per database URL and remembered (an extension is not added to a running application's
 * database without a migration and a restart). Thread-safe.
 */
public final class Citus {

    private static final Map<String, Boolean> BY_URL = new ConcurrentHashMap<>();
    private static final int REMEMBERED = 256;

    private Citus() {
    }

    /**
     * @param connection a connection to the database in question (not in a failed transaction)
     * @return whether the database has the citus extension
     * @throws SQLException when the catalog cannot be read
     */
    public static boolean of(Connection connection) throws SQLException {
        String url = connection.getMetaData().getURL();
        Boolean known = url == null ? null : BY_URL.get(url);
        if (known == null) {
            known = ask(connection);
            if (url != null && BY_URL.size() < REMEMBERED) {
                BY_URL.put(url, known);
            }
        }
        return known;
    }

    private static boolean ask(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus')")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }
}
