package dev.tenantry.tenancy.internal;

import dev.tenantry.persistence.metrics.TenantryMetrics;
import dev.tenantry.persistence.metrics.Timer;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Properties;
import org.eclipse.persistence.exceptions.DatabaseException;
import org.eclipse.persistence.internal.sessions.AbstractSession;
import org.eclipse.persistence.sessions.Connector;
import org.eclipse.persistence.sessions.Session;

/** EclipseLink's connector with each connection it makes wrapped by {@link RowSecurityConnections}. */
public final class RowSecurityConnector implements Connector {

    private static final long serialVersionUID = 1L;
    private static final Timer ACQUIRE = TenantryMetrics.timer(TenantryMetrics.CONNECTION_ACQUIRE,
            "Time EclipseLink waited for a connection from the pool");

    private final Connector delegate;
    /** Whether the database is on Citus (see {@link Citus}), learnt from the first connection. */
    private volatile Boolean citus;

    /** @param delegate the connector the login had */
    public RowSecurityConnector(Connector delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /**
     * A pool that fails to hand out a connection with anything but EclipseLink's own
     * {@code DatabaseException} (Payara's pool has thrown {@code IllegalStateException: Task already
     * scheduled or cancelled} while it recreated its timer after backends were killed) fails as a
     * connection failure (SQLState 08001), so callers see the database as unavailable (503, retry),
     * not an internal error.
     */
    @Override
    public Connection connect(Properties properties, Session session) {
        Connection connection;
        long start = System.nanoTime();
        try {
            connection = delegate.connect(properties, session);
        } catch (DatabaseException e) {
            throw e;
        } catch (RuntimeException e) {
            throw DatabaseException.sqlException(new SQLException("The connection pool could not hand out a connection ("
                    + e.getClass().getSimpleName() + ")", "08001", e), (AbstractSession) session, false);
        } finally {
            ACQUIRE.record(System.nanoTime() - start);
        }
        Boolean onCitus = citus;
        if (onCitus == null) {
            try {
                onCitus = Citus.of(connection);
            } catch (SQLException e) {
                throw DatabaseException.sqlException(e, (AbstractSession) session, false);
            }
            citus = onCitus;
        }
        return RowSecurityConnections.wrap(connection, onCitus);
    }

    @Override
    public Object clone() {
        return new RowSecurityConnector((Connector) delegate.clone());
    }

    @Override
    public void toString(PrintWriter writer) {
        delegate.toString(writer);
    }

    @Override
    public String getConnectionDetails() {
        return delegate.getConnectionDetails();
    }

    @Override
    public String toString() {
        return "row-security " + delegate;
    }
}
