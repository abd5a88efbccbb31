package dev.tenantry.audit.internal;

import dev.tenantry.audit.ActivityTypes;
import dev.tenantry.audit.AuditContext;
import dev.tenantry.audit.AuditException;
import dev.tenantry.persistence.Uuids;
import dev.tenantry.persistence.internal.Times;
import dev.tenantry.persistence.metrics.Counter;
import dev.tenantry.persistence.metrics.TenantryMetrics;
import dev.tenantry.tenancy.RowSecurity;
import dev.tenantry.tenancy.TenantId;
import dev.tenantry.tenancy.internal.RowSecurityConnections;
import dev.tenantry.tenancy.internal.RowSecurityScope;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;

/**
 * Inserts one Activity row on the given connection, so it shares the caller's transaction. The
 * statement carries the activity's organization as the row-level security tenant, so it passes the
 * policy of {@code activities} whichever EntityManager or DataSource the connection came from.
 */
public final class ActivityWriter {

    private static final String INSERT = "INSERT INTO activities (organization_id, id, created_at, updated_at, version,"
            + " actor, type, entity_type, entity_id, description, metadata, correlation_id)"
            + " VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?, ?, CAST(? AS jsonb), ?)";
    /** Activity rows sent to the database (a rolled-back transaction's included). */
    static final Counter WRITTEN = TenantryMetrics.counter(TenantryMetrics.AUDIT_ACTIVITIES,
            "Activity rows written by the audit module");

    private ActivityWriter() {
    }

    /**
     * Writes an activity with its organization as the statement's row-level security tenant: for
     * connections that may not carry that tenant yet (a DataSource's, a job's).
     *
     * @param connection  the transaction's connection
     * @param tenant      the organization
     * @param type        activity type
     * @param entityType  entity class simple name, or null
     * @param entityId    entity id, or null
     * @param description description, or null
     * @param metadata    a JSON object
     */
    public static void write(Connection connection, UUID tenant, String type, String entityType, UUID entityId,
                             String description, String metadata) {
        try (PreparedStatement ps = RowSecurity.prepareStatement(connection, new TenantId(tenant), INSERT)) {
            insert(ps, tenant, type, entityType, entityId, description, metadata);
        } catch (SQLException e) {
            throw failed(type, e);
        }
    }

    /**
     * Writes an activity right after the statement it records, on the same connection in the same
     * transaction: that statement carried the organization as the row-level security tenant (when
     * row-level security is in use), and the setting lasts until the transaction ends, so the insert
     * needs no setting of its own. For EclipseLink's commit events.
     *
     * @param connection  the connection the recorded statement ran on
     * @param tenant      the organization of the recorded statement
     * @param type        activity type
     * @param entityType  entity class simple name, or null
     * @param entityId    entity id, or null
     * @param description description, or null
     * @param metadata    a JSON object
     */
    public static void writeAfterStatement(Connection connection, UUID tenant, String type, String entityType, UUID entityId,
                                           String description, String metadata) {
        // in the activity's own tenant: the recorded statement may not have run yet (JDBC batch writing
        // sends it later) or may have run in another tenant's scope (an organization's creation)
        try (PreparedStatement ps = RowSecurityConnections.isScoping(connection)
                ? RowSecurityConnections.prepare(connection, new RowSecurityScope(tenant, null), INSERT)
                : connection.prepareStatement(INSERT)) {
            insert(ps, tenant, type, entityType, entityId, description, metadata);
        } catch (SQLException e) {
            throw failed(type, e);
        }
    }

    /**
     * Attaches the activity to the next statement on {@code connection} — the recorded entity's own
     * INSERT, UPDATE or soft-delete UPDATE — so both travel in one round trip, in one transaction,
     * under the same row-level security scope when there is one (see {@code RowSecurityConnections.carry}).
     *
     * @param connection the connection the recorded statement is about to run on
     * @param tenant     the organization of the recorded statement
     * @param type        activity type
     * @param entityType  entity class simple name
     * @param entityId    entity id
     * @param metadata    a JSON object
     * @return {@code false} when the connection cannot carry it (no Tenantry wrapper, neither the
     *         row-level security one nor the statement-carrying one): then nothing was attached and
     *         the caller writes it with {@link #writeAfterStatement}
     */
    public static boolean carryWithNextStatement(Connection connection, UUID tenant, String type, String entityType,
                                                 UUID entityId, String metadata) {
        if (!RowSecurityConnections.isWrapped(connection)) {
            return false;
        }
        var now = Times.now();
        boolean carried = RowSecurityConnections.carry(connection, INSERT, tenant, Uuids.timeOrdered(), now, now,
                AuditContext.actor(), ActivityTypes.check(type), entityType, entityId, null, metadata,
                AuditContext.correlationId().orElse(null));
        if (carried) {
            WRITTEN.increment();
        }
        return carried;
    }

    /**
     * Writes, each on its own, the activities {@link #carryWithNextStatement} attached that no statement
     * took along (the recorded statement went another way, e.g. into a JDBC batch).
     *
     * @param connection the connection
     * @param type       the activity type, for the message
     */
    public static void flushCarried(Connection connection, String type) {
        try {
            RowSecurityConnections.flushCarried(connection);
        } catch (SQLException e) {
            throw failed(type, e);
        }
    }

    private static void insert(PreparedStatement ps, UUID tenant, String type, String entityType, UUID entityId,
                               String description, String metadata) throws SQLException {
        var now = Times.now();
        ps.setObject(1, tenant);
        ps.setObject(2, Uuids.timeOrdered());
        ps.setObject(3, now);
        ps.setObject(4, now);
        ps.setString(5, AuditContext.actor());
        ps.setString(6, ActivityTypes.check(type));
        ps.setString(7, entityType);
        ps.setObject(8, entityId);
        ps.setString(9, description);
        ps.setString(10, metadata);
        ps.setString(11, AuditContext.correlationId().orElse(null));
        ps.executeUpdate();
        WRITTEN.increment();
    }

    private static AuditException failed(String type, SQLException e) {
        // the business transaction must not commit without its activity
        return new AuditException("Could not write the '" + type + "' activity (SQLState " + e.getSQLState()
                + "); the change is rolled back with it", e);
    }
}
