package dev.tenantry.persistence.softdelete;

import dev.tenantry.persistence.PersistenceSettings;
import dev.tenantry.persistence.internal.Config;
import dev.tenantry.persistence.internal.EntityTables;
import dev.tenantry.persistence.internal.TenantColumns;
import dev.tenantry.persistence.internal.TransactionConnections;
import dev.tenantry.persistence.repository.RecordNotFoundException;
import dev.tenantry.persistence.spi.SoftDeleteListener;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.UUID;

/**
 * Restore and purge of soft-deleted rows, run on the EntityManager's own connection so they join its
 * transaction (JTA or resource-local). Stateless and thread-safe.
 */
public final class SoftDeletes {

    /**
     * EntityManager property: {@code "true"} makes that EntityManager see soft-deleted rows. Set it
     * when creating the EntityManager, never on a live one.
     */
    public static final String INCLUDE_DELETED = "tenantryIncludeDeleted";

    /** Restore and purge listeners (the audit module, when present). */
    private static final List<SoftDeleteListener> LISTENERS = ServiceLoader.load(SoftDeleteListener.class,
            SoftDeletes.class.getClassLoader()).stream().map(ServiceLoader.Provider::get).toList();

    private SoftDeletes() {
    }

    /**
     * Clears {@code deleted_at} of one row. Idempotent: restoring a live row changes nothing.
     *
     * @param em   EntityManager in an active transaction
     * @param type soft-deletable entity class
     * @param id   id of the row
     * @throws RecordNotFoundException when no row (deleted or not) has that id
     */
    public static void restore(EntityManager em, Class<? extends SoftDeletableEntity> type, UUID id) {
        Objects.requireNonNull(id, "id");
        em.flush();   // a delete still queued in this unit of work must not land after the restore
        String table = EntityTables.tableOf(em, type);
        Map<String, Object> tenant = TenantColumns.values(em, type);
        List<Object> byId = parameters(id, tenant, 1);
        int changed = execute(em, table, "UPDATE " + table + " SET deleted_at = NULL, updated_at = CURRENT_TIMESTAMP,"
                + " version = version + 1 WHERE id = ? AND deleted_at IS NOT NULL" + and(tenant), byId);
        if (changed == 0 && execute(em, table, "SELECT 1 FROM " + table + " WHERE id = ?" + and(tenant), byId) == 0) {
            throw new RecordNotFoundException(type.getSimpleName(), id);
        }
        em.getEntityManagerFactory().getCache().evict(type, id);
        if (changed > 0) {
            LISTENERS.forEach(l -> l.restored(TransactionConnections.of(em), type, id, tenant));
        }
    }

    /**
     * The configured retention: {@link PersistenceSettings#SOFT_DELETE_RETENTION}, default
     * {@value PersistenceSettings#DEFAULT_SOFT_DELETE_RETENTION}.
     *
     * @return how long soft-deleted rows are kept
     * @throws dev.tenantry.persistence.InvalidConfigurationException naming the key when the value is not a non-negative ISO-8601 duration
     */
    public static Duration configuredRetention() {
        return Config.getDuration(PersistenceSettings.SOFT_DELETE_RETENTION, Duration.ZERO,
                "a non-negative ISO-8601 duration such as P30D or PT12H")
                .orElseGet(() -> Duration.parse(PersistenceSettings.DEFAULT_SOFT_DELETE_RETENTION));
    }

    /**
     * {@link #purge(EntityManager, Class, Duration, int)} with the {@linkplain #configuredRetention()
     * configured retention}.
     *
     * @param em        EntityManager in an active transaction
     * @param type      soft-deletable entity class
     * @param batchSize rows per DELETE statement
     * @return number of rows removed
     */
    public static long purge(EntityManager em, Class<? extends SoftDeletableEntity> type, int batchSize) {
        return purge(em, type, configuredRetention(), batchSize);
    }

    /**
     * Deletes for real, in batches, rows soft-deleted longer ago than {@code retention} (measured by
     * the database clock). All batches run in the caller's transaction; for a large backlog call
     * {@link #purgeBatch} once per transaction instead.
     *
     * @param em        EntityManager in an active transaction
     * @param type      soft-deletable entity class
     * @param retention how long deleted rows are kept
     * @param batchSize rows per DELETE statement
     * @return number of rows removed
     */
    public static long purge(EntityManager em, Class<? extends SoftDeletableEntity> type, Duration retention,
                             int batchSize) {
        long total = 0;
        int removed;
        do {
            removed = purgeBatch(em, type, retention, batchSize, false);
            total += removed;
        } while (removed == batchSize);
        if (total > 0) {
            long rows = total;
            Map<String, Object> tenant = TenantColumns.values(em, type);
            LISTENERS.forEach(l -> l.purged(TransactionConnections.of(em), type, rows, tenant));
        }
        return total;
    }

    /**
     * Deletes for real at most {@code batchSize} rows soft-deleted longer ago than {@code retention}.
     *
     * @param em        EntityManager in an active transaction
     * @param type      soft-deletable entity class
     * @param retention how long deleted rows are kept, zero or more
     * @param batchSize maximum rows to remove, 1 or more
     * @return number of rows removed
     */
    public static int purgeBatch(EntityManager em, Class<? extends SoftDeletableEntity> type, Duration retention,
                                 int batchSize) {
        return purgeBatch(em, type, retention, batchSize, true);
    }

    private static int purgeBatch(EntityManager em, Class<? extends SoftDeletableEntity> type, Duration retention,
                                  int batchSize, boolean tellListeners) {
        if (retention.isNegative() || batchSize < 1) {
            throw new IllegalArgumentException("retention must be >= 0 and batchSize >= 1, got " + retention
                    + " and " + batchSize);
        }
        em.flush();
        String table = EntityTables.tableOf(em, type);
        Map<String, Object> tenant = TenantColumns.values(em, type);
        int removed = execute(em, table, "DELETE FROM " + table + " WHERE id IN (SELECT id FROM " + table
                + " WHERE deleted_at < CURRENT_TIMESTAMP - (? * INTERVAL '1 millisecond')" + and(tenant)
                + " ORDER BY deleted_at LIMIT " + batchSize + ")" + and(tenant), parameters(retention.toMillis(), tenant, 2));
        if (removed > 0) {
            em.getEntityManagerFactory().getCache().evict(type);
            if (tellListeners) {
                LISTENERS.forEach(l -> l.purged(TransactionConnections.of(em), type, removed, tenant));
            }
        }
        return removed;
    }

    /** {@code AND column = ?} for each tenant column (the plugin's own SQL binds the tenant explicitly). */
    private static String and(Map<String, Object> tenant) {
        StringBuilder sql = new StringBuilder();
        tenant.keySet().forEach(column -> sql.append(" AND ").append(column).append(" = ?"));
        return sql.toString();
    }

    /** The first parameter, then the tenant values {@code times} times (once per {@link #and}). */
    private static List<Object> parameters(Object first, Map<String, Object> tenant, int times) {
        List<Object> parameters = new ArrayList<>();
        parameters.add(first);
        for (int t = 0; t < times; t++) {
            parameters.addAll(tenant.values());
        }
        return parameters;
    }

    /** Runs one statement; for a SELECT, returns 1 when it found a row. */
    private static int execute(EntityManager em, String table, String sql, List<Object> parameters) {
        Connection connection = TransactionConnections.of(em);
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.size(); i++) {
                ps.setObject(i + 1, parameters.get(i));
            }
            if (sql.startsWith("SELECT")) {
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? 1 : 0;
                }
            }
            return ps.executeUpdate();
        } catch (SQLException e) {
            // DataErrors recognises constraint violations (a purged row still referenced) in the cause
            throw new PersistenceException("Soft-delete maintenance on table " + table + " failed (SQLState "
                    + e.getSQLState() + ")", e);
        }
    }
}
