package dev.tenantry.tenancy;

import dev.tenantry.persistence.TenantryException;
import dev.tenantry.tenancy.internal.RowSecurityConnections;
import dev.tenantry.tenancy.internal.RowSecurityConnector;
import dev.tenantry.tenancy.internal.SessionTenant;
import java.sql.Connection;
import java.util.UUID;
import org.eclipse.persistence.internal.databaseaccess.Accessor;
import org.eclipse.persistence.sessions.Session;
import org.eclipse.persistence.sessions.SessionEvent;
import org.eclipse.persistence.sessions.SessionEventAdapter;
import org.eclipse.persistence.sessions.server.ConnectionPolicy;
import org.eclipse.persistence.sessions.server.Server;

/**
 * Hands the tenant of each EntityManager to PostgreSQL row-level security. Enable it with one
 * property of the persistence unit:
 *
 * <pre>{@code <property name="eclipselink.session-event-listener" value="dev.tenantry.tenancy.RowSecurityListener"/>}</pre>
 *
 * <p>Every statement a tenant EntityManager sends carries its tenant in the same round trip: the
 * connections EclipseLink makes are wrapped so that a statement {@code X} goes out as
 * {@code SELECT set_config('}{@value #SETTING}{@code ', ?, true), set_config('}{@value #PRINCIPAL_SETTING}{@code ', ?, true); X},
 * both sent before one Sync, so they share a transaction — the open one, or in autocommit the
 * implicit one PostgreSQL gives the pair. The setting is transaction-local: no pooled connection ever
 * carries it to its next borrower, and nothing has to be cleared. Statements of EntityManagers
 * without a tenant carry nothing (they see no tenant rows, or within a transaction the tenant an
 * earlier statement of it set). Batches, stored procedure calls and statements returning generated
 * keys get the setting from a statement of its own just before (one more round trip; in autocommit
 * such a statement sees no tenant). The policies come from {@code tenantry_enable_row_security} (README).
 *
 * <p>The database role the application connects as must be neither superuser, owner of the tables,
 * nor BYPASSRLS; {@link RowSecurity#problemsOf(Connection)} checks that.
 *
 * <p>With a resource-local EntityManager, EclipseLink's exclusive connection reads outside the
 * transaction until its first write, and {@code em.unwrap(Connection.class)} hands the connection out
 * still in autocommit: JDBC work of your own that must roll back with the transaction needs
 * {@code em.unwrap(UnitOfWork.class).beginEarlyTransaction()} first (Tenantry's own statements do
 * that). Under JTA the container's transaction holds the connection and nothing changes.
 */
public class RowSecurityListener extends SessionEventAdapter {

    /** The PostgreSQL setting the policies read ({@code tenantry_current_tenant()} reads it too). */
    public static final String SETTING = RowSecurityConnections.SETTING;

    /**
     * The setting that names the caller while organizations are looked up and managed: the policy
     * {@code tenantry_own_memberships} lets a principal read its own memberships.
     */
    public static final String PRINCIPAL_SETTING = RowSecurityConnections.PRINCIPAL_SETTING;

    /**
     * Wraps the connector of every login of the unit, and gives each tenant EntityManager a
     * connection of its own for its reads as well (EclipseLink's exclusive connection mode
     * {@code Isolated}, as for its VPD multitenancy): otherwise reads outside a transaction run on a
     * shared read connection that is bound to no EntityManager.
     */
    @Override
    public void preLogin(SessionEvent event) {
        Session session = event.getSession();
        RowSecurityConnector.install(session, true);
        if (session instanceof Server server) {
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
        if (tenant != null && !RowSecurityConnections.isScoping(connection)) {
            throw new TenantryException("RowSecurityListener found a connection it did not wrap: another"
                    + " customizer replaced the unit's connector after login began, so statements could not carry"
                    + " the tenant for row-level security");
        }
        RowSecurityConnections.bind(connection, tenant);
    }

    @Override
    public void preReleaseConnection(SessionEvent event) {
        Connection connection = connection(event);
        if (connection != null) {
            RowSecurityConnections.bind(connection, null);
        }
    }

    private static Connection connection(SessionEvent event) {
        return event.getResult() instanceof Accessor accessor && accessor.getDatasourceConnection() instanceof Connection c
                ? c : null;
    }
}
