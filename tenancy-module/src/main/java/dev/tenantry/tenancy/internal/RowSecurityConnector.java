package dev.tenantry.tenancy.internal;

import java.io.PrintWriter;
import java.sql.Connection;
import java.util.Objects;
import java.util.Properties;
import org.eclipse.persistence.sessions.Connector;
import org.eclipse.persistence.sessions.Session;

/** EclipseLink's connector with each connection it makes wrapped by {@link RowSecurityConnections}. */
public final class RowSecurityConnector implements Connector {

    private static final long serialVersionUID = 1L;

    private final Connector delegate;

    /** @param delegate the connector the login had */
    public RowSecurityConnector(Connector delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public Connection connect(Properties properties, Session session) {
        return RowSecurityConnections.wrap(delegate.connect(properties, session));
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
