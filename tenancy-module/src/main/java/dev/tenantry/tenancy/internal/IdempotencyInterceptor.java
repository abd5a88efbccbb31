package dev.tenantry.tenancy.internal;

import dev.tenantry.persistence.PersistenceSettings;
import dev.tenantry.persistence.TenantryException;
import dev.tenantry.persistence.internal.Config;
import dev.tenantry.tenancy.CurrentTenant;
import dev.tenantry.tenancy.IdempotencyException;
import dev.tenantry.tenancy.Idempotent;
import dev.tenantry.tenancy.RowSecurity;
import dev.tenantry.tenancy.TenantId;
import jakarta.annotation.Priority;
import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.transaction.Status;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.lang.reflect.Type;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;

/**
 * Honours {@link Idempotent} inside the resource method's transaction (it runs after
 * {@code @Transactional}'s interceptor): takes a transaction-scoped advisory lock on the key (a
 * concurrent duplicate gets 409 at once rather than waiting), replays a stored answer, or runs the
 * method and stores its answer on the transaction's own connection, so both commit or neither does.
 */
@Idempotent
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE + 300)
public class IdempotencyInterceptor {

    /** Configuration key: how long answers are kept (ISO-8601), default one day. */
    public static final String RETENTION = "tenantry.idempotency.retention";
    private static final Jsonb JSON = JsonbBuilder.create();

    @Inject
    IdempotentRequest request;

    @Inject
    CurrentTenant current;

    @Resource(lookup = "java:comp/TransactionSynchronizationRegistry")
    TransactionSynchronizationRegistry transactions;

    @AroundInvoke
    Object idempotently(InvocationContext invocation) throws Exception {
        if (!request.present()) {
            return invocation.proceed();
        }
        if (transactions == null || transactions.getTransactionStatus() != Status.STATUS_ACTIVE) {
            throw new TenantryException("@Idempotent " + invocation.getMethod().getDeclaringClass().getSimpleName() + "."
                    + invocation.getMethod().getName() + " must run in a transaction: " + IdempotentMethods.WAYS_OUT);
        }
        TenantId tenant = current.get().orElse(null);
        String scope = request.scope(tenant == null ? null : tenant.toString());
        try (Connection c = dataSource().getConnection()) {
            if (!tryLock(c, tenant, scope + "\n" + request.key())) {
                throw new IdempotencyException("A request with this Idempotency-Key is still running; wait for its"
                        + " answer, then retry with the same key to read it.", true);
            }
            Stored stored = find(c, tenant, scope);
            if (stored != null) {
                if (!stored.requestHash.equals(request.requestHash())) {
                    throw new IdempotencyException("This Idempotency-Key was used for a different request; use a new"
                            + " key for a new operation.", false);
                }
                request.replayed();
                return replay(stored, invocation.getMethod().getGenericReturnType(), invocation.getMethod().getReturnType());
            }
            Object result = invocation.proceed();
            store(c, tenant, scope, result);
            return result;
        }
    }

    private record Stored(String requestHash, int status, String contentType, String body) {
    }

    private Stored find(Connection c, TenantId tenant, String scope) throws SQLException {
        try (PreparedStatement ps = prepare(c, tenant, "SELECT request_hash, status, content_type, body"
                + " FROM tenantry_idempotency_keys WHERE scope = ? AND key = ?")) {
            ps.setString(1, scope);
            ps.setString(2, request.key());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Stored(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getString(4)) : null;
            }
        }
    }

    private void store(Connection c, TenantId tenant, String scope, Object result) throws SQLException {
        int status = 200;
        String type = MediaType.APPLICATION_JSON;
        Object entity = result;
        if (result instanceof Response r) {
            status = r.getStatus();
            type = r.getMediaType() == null ? (r.hasEntity() ? MediaType.APPLICATION_JSON : null) : r.getMediaType().toString();
            entity = r.getEntity();
        } else if (result == null) {
            status = 204;
            type = null;
        }
        String body = entity == null ? null : entity instanceof String s ? s : JSON.toJson(entity);
        try (PreparedStatement ps = prepare(c, tenant, "INSERT INTO tenantry_idempotency_keys"
                + " (scope, key, organization_id, request_hash, status, content_type, body) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, scope);
            ps.setString(2, request.key());
            ps.setObject(3, tenant == null ? null : tenant.value());
            ps.setString(4, request.requestHash());
            ps.setInt(5, status);
            ps.setString(6, type);
            ps.setString(7, body);
            ps.executeUpdate();
        }
        if (ThreadLocalRandom.current().nextInt(256) == 0) {
            purge(c, tenant);
        }
    }

    /** Now and then, answers older than the retention go (those of this tenant, and without one). */
    private static void purge(Connection c, TenantId tenant) throws SQLException {
        Duration retention = Config.getDuration(RETENTION, Duration.ofSeconds(1), "an ISO-8601 duration of a second or more,"
                + " such as P1D").orElse(Duration.ofDays(1));
        try (PreparedStatement ps = prepare(c, tenant, "DELETE FROM tenantry_idempotency_keys"
                + " WHERE created_at < now() - (? * interval '1 second')")) {
            ps.setLong(1, retention.toSeconds());
            ps.executeUpdate();
        }
    }

    private static Object replay(Stored stored, Type genericType, Class<?> type) {
        if (type == Response.class) {
            Response.ResponseBuilder r = Response.status(stored.status);
            if (stored.body != null) {
                r.entity(stored.body).type(stored.contentType == null ? MediaType.APPLICATION_JSON : stored.contentType);
            }
            return r.build();
        }
        if (type == void.class || stored.body == null) {
            return null;
        }
        return type == String.class ? stored.body : JSON.fromJson(stored.body, genericType);
    }

    /** A lock held until the transaction ends; {@code false} when another transaction holds it. */
    private static boolean tryLock(Connection c, TenantId tenant, String lockKey) throws SQLException {
        try (PreparedStatement ps = prepare(c, tenant, "SELECT pg_try_advisory_xact_lock(hashtextextended(?, 7))")) {
            ps.setString(1, lockKey);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private static PreparedStatement prepare(Connection c, TenantId tenant, String sql) throws SQLException {
        return tenant == null ? c.prepareStatement(sql) : RowSecurity.prepareStatement(c, tenant, sql);
    }

    private static DataSource dataSource() throws NamingException {
        return InitialContext.doLookup(Config.get(PersistenceSettings.DATASOURCE, PersistenceSettings.DEFAULT_DATASOURCE));
    }
}
