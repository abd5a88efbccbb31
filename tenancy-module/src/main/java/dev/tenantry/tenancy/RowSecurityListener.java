package dev.tenantry.tenancy;

import dev.tenantry.tenancy.internal.SessionTenant;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;
import org.eclipse.persistence.internal.databaseaccess.Accessor;
import org.eclipse.persistence.sessions.SessionEvent;
import org.eclipse.persistence.sessions.SessionEventAdapter;
import org.eclipse.persistence.sessions.server.ConnectionPolicy;
import org.eclipse.persistence.sessions.server.Server;

/**
 * Hands the tenant of each EntityManager to PostgreSQL row-level security: whenever EclipseLink
 * takes a connection for a tenant EntityManager, the setting {@value #SETTING} is set to its tenant.
 * Enable it with one property of the persistence unit:
 *
 * <pre>{@code <property name="eclipselink.session-event-listener" value="dev.tenantry.tenancy.RowSecurityListener"/>}</pre>
 *
 * <p>In a transaction the setting is transaction-local ({@code set_config(..., true)}): it ends with
 * the transaction, so a pooled connection never carries it to its next borrower. Outside a
 * transaction (autocommit reads) it is set for the session and cleared again before EclipseLink gives
 * the connection back. A connection taken without a tenant in autocommit is cleared, so it sees no
 * tenant rows. The policies themselves come from {@code tenantry_enable_row_security} (README).
 *
 * <p>The database role the application connects as must be neither superuser, owner of the tables,
 * nor BYPASSRLS; {@link RowSecurity#problemsOf(Connection)} checks that.
 */
public class RowSecurityListener extends SessionEventAdapter {

    /** The PostgreSQL setting the policies read (through {@code tenantry_current_tenant()}). */
    public static final String SETTING = "tenantry.tenant_id";

    private static final String SET = "SELECT set_config('" + SETTING + "', ?, ?)";

    /**
     * Gives each tenant EntityManager a connection of its own for its reads as well (EclipseLink's
     * exclusive connection mode {@code Isolated}, as for its VPD multitenancy): otherwise reads outside
     * a transaction run on a shared read connection that knows nothing of the EntityManager's tenant.
     */
    @Override
    public void preLogin(SessionEvent event) {
        if (event.getSession() instanceof Server server) {
            server.getDefaultConnectionPolicy().setExclusiveMode(ConnectionPolicy.ExclusiveMode.Isolated);
        }
    }

    @Override
    public void postAcquireConnection(SessionEvent event) {
        Connection connection = connection(event);
        if (connection == null) {
            return;
        }
        UUID tenant = SessionTenant.of(event.getSession());
        try {
            boolean inTransaction = !connection.getAutoCommit();
            if (tenant == null && inTransaction) {
                return;   // another EntityManager of this transaction may have set the tenant; it ends with it
            }
            set(connection, tenant == null ? "" : tenant.toString(), inTransaction);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot set the tenant for row-level security on the connection: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void preReleaseConnection(SessionEvent event) {
        Connection connection = connection(event);
        try {
            if (connection != null && !connection.isClosed() && connection.getAutoCommit()) {
                set(connection, "", false);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot clear the row-level security tenant of the connection: "
                    + e.getMessage(), e);
        }
    }

    private static void set(Connection connection, String tenant, boolean local) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(SET)) {
            statement.setString(1, tenant);
            statement.setBoolean(2, local);
            statement.execute();
        }
    }

    private static Connection connection(SessionEvent event) {
        return event.getResult() instanceof Accessor accessor && accessor.getDatasourceConnection() instanceof Connection c
                ? c : null;
    }
}
