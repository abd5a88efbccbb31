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
import org.eclipse.persistence.sessions.DatasourceLogin;
import org.eclipse.persistence.sessions.Login;
import org.eclipse.persistence.sessions.Session;
import org.eclipse.persistence.sessions.server.ServerSession;

/**
 * EclipseLink's connector with each connection it makes wrapped by {@link RowSecurityConnections}:
 * to carry the row-level security scope ({@code RowSecurityListener}), or only to let statements
 * travel with the next one ({@link #carryOn}, for the audit trail of a unit without row-level security).
 */
public final class RowSecurityConnector implements Connector {

    private static final long serialVersionUID = 1L;
    private static final Timer ACQUIRE = TenantryMetrics.timer(TenantryMetrics.CONNECTION_ACQUIRE,
            "Time EclipseLink waited for a connection from the pool");

    private final Connector delegate;
    /** Whether connections carry the scope; else they only carry statements (see {@link RowSecurityConnections#wrapForCarrying}). */
    private final boolean scoping;
    /** Whether the database is on Citus (see {@link Citus}), learnt from the first connection. */
    private volatile Boolean citus;

    /** @param delegate the connector the login had */
    public RowSecurityConnector(Connector delegate) {
        this(delegate, true);
    }

    private RowSecurityConnector(Connector delegate, boolean scoping) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.scoping = scoping;
    }

    /**
     * Wraps the connectors of every login of {@code session}'s server session (the login, its pools',
     * its read pool's) with one of this class, unless they have one: this one's when {@code scoping},
     * else one whose connections only carry statements. A connector carrying the scope is never
     * replaced by one that does not; one that only carries is replaced by one that scopes.
     *
     * @param session a session of the unit (a unit of work, client or server session)
     * @param scoping whether the connections carry the row-level security scope
     */
    public static void install(Session session, boolean scoping) {
        Session root = session instanceof AbstractSession s ? s.getRootSession(null) : session;
        wrap(root.getDatasourceLogin(), scoping);
        if (root instanceof ServerSession server) {
            server.getConnectionPools().values().forEach(pool -> wrap(pool.getLogin(), scoping));
            if (server.getReadConnectionPool() != null) {
                wrap(server.getReadConnectionPool().getLogin(), scoping);
            }
        }
    }

    /**
     * For a unit without {@code RowSecurityListener}: from now on its new connections let the audit
     * trail carry an Activity row in the round trip of its entity's statement. Connections already
     * made (EclipseLink's own pool) stay as they are; a pooled DataSource's are new each transaction.
     *
     * @param session a session of the unit
     */
    public static void carryOn(Session session) {
        install(session, false);
    }

    private static void wrap(Login login, boolean scoping) {
        if (login instanceof DatasourceLogin datasource && datasource.getConnector() != null) {
            Connector current = datasource.getConnector();
            if (!(current instanceof RowSecurityConnector)) {
                datasource.setConnector(new RowSecurityConnector(current, scoping));
            } else if (scoping && !((RowSecurityConnector) current).scoping) {
                datasource.setConnector(new RowSecurityConnector(((RowSecurityConnector) current).delegate, true));
            }
        }
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
        return scoping ? RowSecurityConnections.wrap(connection, onCitus)
                : RowSecurityConnections.wrapForCarrying(connection, onCitus);
    }

    @Override
    public Object clone() {
        return new RowSecurityConnector((Connector) delegate.clone(), scoping);
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
        return (scoping ? "row-security " : "statement-carrying ") + delegate;
    }
}
