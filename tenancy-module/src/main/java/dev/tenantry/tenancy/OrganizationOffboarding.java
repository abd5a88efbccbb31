package dev.tenantry.tenancy;

import dev.tenantry.persistence.TenantryException;
import dev.tenantry.persistence.internal.JdbcCleanup;
import dev.tenantry.persistence.internal.JsonStrings;
import dev.tenantry.persistence.jobs.JobRuns;
import dev.tenantry.persistence.jobs.RunningJob;
import dev.tenantry.tenancy.spi.ErasureParticipant;
import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The offboarding a multi-tenant service owes its customers: one organization's data exported, then
 * erased. Both find the organization's rows from the catalog — every table of the schema with an
 * {@code organization_id} column, the application's and Tenantry's alike — so a table added later
 * is covered without code.
 *
 * <ul>
 * <li>{@link #export} streams the organization's row and every row of it in every tenant table as JSON
 *     lines ({@code {"table":"projects","row":{...}}}), in one consistent snapshot (a repeatable-read
 *     transaction), tenant-scoped under row-level security. Encrypted columns are exported as stored
 *     (ciphertext) unless a {@link ColumnReader} is given to open them. The last line,
 *     {@code {"end":{"organization":"<id>","rows":<n>}}}, is written only when every row was: an export
 *     without it was cut off (the database or the connection failed while it was sent — over HTTP the
 *     status 200 went out with the first bytes and cannot say so). For an ADMIN or OWNER.</li>
 * <li>{@link #erase} deletes them: first the organization is soft-deleted (it stops resolving and its
 *     published content becomes drafts) and the transactions open before that are waited for (a
 *     request that found it live may still be writing rows of it), then every tenant table is emptied
 *     of its rows in batches of one transaction each, children before the tables they reference (from the foreign keys),
 *     tables the runtime role may not delete from by those who may ({@link ErasureParticipant}: the
 *     audit trail), and last, in one transaction, its memberships and the organization's own row (when a
 *     late row still refers to it, the tables are swept again).
 *     Interrupted, it is run again and continues (what is gone stays gone; the OWNER's membership
 *     goes last). For the OWNER only. The activities go too — nothing of the organization is kept
 *     but the {@code job_runs} row of the erasure (its id, counts and times, no data): that is the
 *     tombstone.</li>
 * </ul>
 * Both are recorded as job runs ({@value JobRuns#ORGANIZATION_EXPORT},
 * {@value JobRuns#ORGANIZATION_ERASURE}). Use a DataSource as the runtime role, outside a JTA
 * transaction (each batch commits on its own). Thread-safe.
 */
public final class OrganizationOffboarding {

    /** Opens a stored value for {@link #export}, e.g. decrypting an encrypted column. */
    @FunctionalInterface
    public interface ColumnReader {
        /**
         * @param table  the table
         * @param column the column
         * @param org    the organization (an encrypted value is bound to it)
         * @param stored the stored value, never null ({@code String} for text, {@code byte[]} for bytea)
         * @return what to export: a {@code String}, {@code byte[]} (base64 in the JSON) or the value unchanged
         * @throws Exception when it cannot be opened: the export fails, naming table and column only
         */
        Object read(String table, String column, TenantId org, Object stored) throws Exception;
    }

    /**
     * What an erasure removed.
     *
     * @param org          the organization
     * @param rowsByTable  rows deleted per table (by this run; a resumed erasure counts what was left)
     * @param run          the {@code job_runs} id of the erasure
     */
    public record ErasureReport(TenantId org, Map<String, Long> rowsByTable, UUID run) {
        /** @return rows deleted in all */
        public long total() {
            return rowsByTable.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private static final List<ErasureParticipant> PARTICIPANTS = ServiceLoader.load(ErasureParticipant.class,
            OrganizationOffboarding.class.getClassLoader()).stream().map(ServiceLoader.Provider::get).toList();

    /**
     * How long an erasure waits by default for requests that found the organization live (see
     * {@link #OrganizationOffboarding(DataSource, Duration)}).
     */
    public static final Duration DEFAULT_IN_FLIGHT_WAIT = Duration.ofSeconds(30);

    /** Sweeps of the tenant tables at most, when rows written meanwhile keep the organization's row from going. */
    private static final int MAX_SWEEPS = 10;

    private static final System.Logger LOG = System.getLogger(OrganizationOffboarding.class.getName());

    private final DataSource dataSource;
    private final Duration inFlightWait;

    /**
     * Waits {@link #DEFAULT_IN_FLIGHT_WAIT} at most for requests under way when an erasure begins.
     *
     * @param dataSource the application's database, as the runtime role (outside JTA)
     */
    public OrganizationOffboarding(DataSource dataSource) {
        this(dataSource, DEFAULT_IN_FLIGHT_WAIT);
    }

    /**
     * @param dataSource   the application's database, as the runtime role (outside JTA)
     * @param inFlightWait how long an erasure waits, once the organization is soft-deleted (so no new
     *                     request resolves it), for the transactions open before that to end before it
     *                     sweeps the tables: a request that found the organization live may still be writing
     *                     rows of it. Only transactions that had run a statement by then are seen: a
     *                     JPA write that gets its connection at commit starts later. Rows written later
     *                     still keep the organization's row from being deleted where their table has a
     *                     foreign key to {@code organizations} (the erasure then sweeps again); in a table
     *                     without one they stay until the erasure is run again — give every tenant table
     *                     that key. Zero does not wait.
     */
    public OrganizationOffboarding(DataSource dataSource, Duration inFlightWait) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.inFlightWait = Objects.requireNonNull(inFlightWait, "inFlightWait");
        if (inFlightWait.isNegative()) {
            throw new IllegalArgumentException("inFlightWait must be zero or more, got " + inFlightWait);
        }
    }

    /**
     * Exports with encrypted columns as stored.
     *
     * @param org   the organization
     * @param actor the caller: ADMIN or OWNER of it
     * @param out   where the JSON lines go (not closed)
     * @return rows written
     */
    public long export(TenantId org, String actor, Writer out) {
        return export(org, actor, out, null);
    }

    /**
     * @param org    the organization
     * @param actor  the caller: ADMIN or OWNER of it
     * @param out    where the JSON lines go (not closed); the last is the end line (see the class)
     * @param reader opens stored values (every non-null value passes through it), or {@code null} to
     *               export them as stored
     * @return rows written (the end line not counted)
     * @throws OrganizationNotFoundException when the caller is no member (or it does not exist)
     * @throws AccessDeniedException         when the caller is below ADMIN
     */
    public long export(TenantId org, String actor, Writer out, ColumnReader reader) {
        Objects.requireNonNull(out, "out");
        requireRole(org, actor, Role.ADMIN, "Exporting the organization's data");
        return new JobRuns(dataSource).call(JobRuns.ORGANIZATION_EXPORT, org.value(), run -> {
            try (Connection c = dataSource.getConnection()) {
                // a pool may hand this connection on as it leaves it (Payara's does): put every setting back
                boolean autoCommit = c.getAutoCommit();
                int isolation = c.getTransactionIsolation();
                boolean readOnly = c.isReadOnly();
                c.setAutoCommit(false);
                c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                c.setReadOnly(true);
                Exception failure = null;
                try {
                    long rows = write(c, org, "organizations", "id", out, reader, run);
                    List<String> tables = new ArrayList<>(tenantTables(c));
                    Collections.reverse(tables);   // parents before the rows that reference them
                    for (String table : tables) {
                        rows += write(c, org, table, "organization_id", out, reader, run);
                    }
                    out.write(endLine(org, rows));      // every row was read: the export is complete
                    out.flush();
                    return rows;
                } catch (SQLException | IOException | RuntimeException e) {
                    failure = e;
                    throw e;
                } finally {
                    JdbcCleanup.after(failure, c::rollback, () -> c.setReadOnly(readOnly),
                            () -> c.setTransactionIsolation(isolation), () -> c.setAutoCommit(autoCommit));
                }
            }
        });
    }

    /**
     * @param org  the organization
     * @param rows the rows exported
     * @return the line that ends a complete export
     */
    static String endLine(TenantId org, long rows) {
        return "{\"end\":{\"organization\":\"" + org.value() + "\",\"rows\":" + rows + "}}\n";
    }

    /**
     * @param org       the organization
     * @param actor     the caller: its OWNER
     * @param batchSize rows per transaction, 1 or more
     * @return what was deleted
     * @throws OrganizationNotFoundException when the caller is no member (or it is erased already)
     * @throws AccessDeniedException         when the caller is not an OWNER
     */
    public ErasureReport erase(TenantId org, String actor, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be 1 or more, got " + batchSize);
        }
        requireRole(org, actor, Role.OWNER, "Erasing the organization");
        Map<String, Long> deleted = new LinkedHashMap<>();
        UUID[] runId = new UUID[1];
        new JobRuns(dataSource).call(JobRuns.ORGANIZATION_ERASURE, org.value(), run -> {
            runId[0] = run.id();
            try (Connection c = dataSource.getConnection()) {
                boolean autoCommit = c.getAutoCommit();
                c.setAutoCommit(false);
                try {
                    // one erasure of an organization at a time: two at once would each stop a table early
                    // when the other took its last rows, and could leave rows behind
                    lock(c, "pg_advisory_lock", org);
                    if (!exists(c, org)) {   // erased meanwhile by the erasure this one waited for
                        throw new OrganizationNotFoundException(org.toString());
                    }
                    inTransactionDo(c, () -> {
                        execute(c, org, "UPDATE organizations SET deleted_at = CURRENT_TIMESTAMP, updated_at = CURRENT_TIMESTAMP,"
                                + " version = version + 1 WHERE id = ? AND deleted_at IS NULL", org.value());
                        // published content becomes drafts: a trigger on PostgreSQL, this function on Citus
                        execute(c, org, "SELECT tenantry_unpublish_organization(?)", org.value());
                    });
                    // a request that found the organization live just before may still be writing rows of it
                    awaitOlderTransactions(c, org);
                    for (int sweep = 1; ; sweep++) {
                        long swept = sweep(c, org, batchSize, deleted, run);
                        try {
                            long[] last = inTransaction(c, () -> new long[] {
                                    execute(c, org, "DELETE FROM memberships WHERE organization_id = ?", org.value()),
                                    execute(c, org, "DELETE FROM organizations WHERE id = ?", org.value())});
                            count(deleted, "memberships", last[0], run);
                            count(deleted, "organizations", last[1], run);
                            break;
                        } catch (SQLException e) {
                            // 23503: a row written meanwhile still refers to the organization (a request that
                            // outlasted the wait): sweep again, as long as sweeping takes something away
                            if (!"23503".equals(e.getSQLState()) || (sweep > 1 && swept == 0) || sweep == MAX_SWEEPS) {
                                throw e;
                            }
                        }
                    }
                } catch (SQLException e) {
                    throw new TenantryException("Erasing organization " + org + " stopped (SQLState " + e.getSQLState()
                            + "); what was deleted stays deleted: fix the cause and run the erasure again to continue", e);
                } finally {
                    try {
                        lock(c, "pg_advisory_unlock", org);   // a pool keeps session locks: release it
                    } catch (SQLException gone) {
                        // the connection is gone, and the lock with it
                    }
                    c.setAutoCommit(autoCommit);
                }
            }
            return null;
        });
        return new ErasureReport(org, Collections.unmodifiableMap(new TreeMap<>(deleted)), runId[0]);
    }

    /**
     * Deletes the organization's rows from every tenant table but {@code memberships}, in batches.
     *
     * @return rows deleted
     */
    private static long sweep(Connection c, TenantId org, int batchSize, Map<String, Long> deleted, RunningJob run)
            throws SQLException {
        long total = 0;
        Set<String> participantTables = new HashSet<>();
        PARTICIPANTS.forEach(p -> participantTables.addAll(p.tables()));
        for (String table : tenantTables(c)) {
            if (table.equals("memberships") || participantTables.contains(table)) {
                continue;
            }
            List<String> key = primaryKey(c, table);
            String quoted = quoteIdentifier(table);
            String sql = key.isEmpty() ? "DELETE FROM " + quoted + " WHERE organization_id = ?"
                    : "DELETE FROM " + quoted + " WHERE organization_id = ? AND (" + String.join(", ", key)
                    + ") IN (SELECT " + String.join(", ", key) + " FROM " + quoted
                    + " WHERE organization_id = ? LIMIT " + batchSize + ")";
            long removed;
            do {
                removed = inTransaction(c, () -> key.isEmpty() ? execute(c, org, sql, org.value())
                        : execute(c, org, sql, org.value(), org.value()));
                count(deleted, table, removed, run);
                total += removed;
            } while (!key.isEmpty() && removed > 0);   // not "< batchSize": a purge may take rows meanwhile
        }
        for (ErasureParticipant participant : PARTICIPANTS) {
            String name = String.join("+", new TreeSet<>(participant.tables()));
            int removed;
            do {
                removed = inTransaction(c, () -> participant.eraseBatch(c, org, batchSize));
                count(deleted, name, removed, run);
                total += removed;
            } while (removed > 0);
        }
        return total;
    }

    /**
     * Waits, at most {@link #inFlightWait}, until every transaction of this database that was open when
     * the organization's deletion committed has ended: a request that resolved the organization before
     * that may still be writing rows of it, and a table without a foreign key to {@code organizations}
     * would keep them. Transactions are told apart by their virtual transaction ids in {@code pg_locks},
     * which every role may read (as {@code CREATE INDEX CONCURRENTLY} waits for older snapshots).
     */
    private void awaitOlderTransactions(Connection c, TenantId org) throws SQLException {
        if (inFlightWait.isZero()) {
            return;
        }
        Set<String> open = inTransaction(c, () -> openTransactions(c));
        long deadline = System.nanoTime() + inFlightWait.toNanos();
        while (!open.isEmpty()) {
            if (System.nanoTime() - deadline >= 0) {
                LOG.log(System.Logger.Level.WARNING, "Erasing organization {0}: {1} transaction(s) open since before its"
                        + " deletion did not end within {2}; rows they write later are kept only from tables without a"
                        + " foreign key to organizations (run the erasure again to remove them)", org, open.size(), inFlightWait);
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TenantryException("Erasing organization " + org + " was interrupted while it waited for requests"
                        + " begun before the organization's deletion; run the erasure again to continue", e);
            }
            Set<String> still = inTransaction(c, () -> openTransactions(c));
            open.retainAll(still);
        }
    }

    /** The virtual transaction ids of the other clients' transactions open in this database now, but those waiting for this one. */
    private static Set<String> openTransactions(Connection c) throws SQLException {
        Set<String> open = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT l.virtualxid FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
                + " WHERE l.locktype = 'virtualxid' AND l.granted AND l.mode = 'ExclusiveLock'"
                + " AND a.datname = current_database() AND l.pid <> pg_backend_pid()"
                // not autovacuum and the like (the column is null for sessions of other roles, all clients)
                + " AND coalesce(a.backend_type, 'client backend') = 'client backend'"
                // one that waits for this session (a second erasure of the organization) ends after it, not before
                + " AND NOT pg_backend_pid() = ANY (pg_blocking_pids(l.pid))");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                open.add(rs.getString(1));
            }
        }
        return open;
    }

    /** Calls an advisory-lock function on the key of {@code org}'s erasure. */
    private static void lock(Connection c, String function, TenantId org) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + function + "(hashtext('tenantry.erasure'), hashtext(?))")) {
            ps.setString(1, org.toString());
            ps.execute();
        }
    }

    private static boolean exists(Connection c, TenantId org) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM organizations WHERE id = ?")) {
            ps.setObject(1, org.value());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } finally {
            c.commit();
        }
    }

    /**
     * @param c a connection
     * @return every table of the current schema with an {@code organization_id} column, children before
     *         the tables they reference, otherwise by name
     * @throws SQLException when the catalog cannot be read
     */
    static List<String> tenantTables(Connection c) throws SQLException {
        Set<String> tables = new TreeSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT c.relname FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid"
                + " WHERE a.attname = 'organization_id' AND NOT a.attisdropped AND c.relkind IN ('r', 'p')"
                + " AND NOT c.relispartition AND c.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema())");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        Map<String, Set<String>> references = new TreeMap<>();   // child -> parents, among the tenant tables
        try (PreparedStatement ps = c.prepareStatement("SELECT ch.relname, pa.relname FROM pg_constraint k"
                + " JOIN pg_class ch ON ch.oid = k.conrelid JOIN pg_class pa ON pa.oid = k.confrelid"
                + " WHERE k.contype = 'f' AND ch.relnamespace = pa.relnamespace"
                + " AND ch.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema())");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                if (tables.contains(rs.getString(1)) && tables.contains(rs.getString(2)) && !rs.getString(1).equals(rs.getString(2))) {
                    references.computeIfAbsent(rs.getString(1), k -> new TreeSet<>()).add(rs.getString(2));
                }
            }
        }
        // a table goes once no remaining table references it
        List<String> ordered = new ArrayList<>();
        Set<String> left = new TreeSet<>(tables);
        while (!left.isEmpty()) {
            String next = left.stream().filter(t -> left.stream().noneMatch(o -> references.getOrDefault(o, Set.of()).contains(t)))
                    .findFirst().orElse(left.iterator().next());   // a cycle: by name
            ordered.add(next);
            left.remove(next);
        }
        return ordered;
    }

    private static List<String> primaryKey(Connection c, String table) throws SQLException {
        List<String> key = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT a.attname FROM pg_index i JOIN pg_attribute a"
                + " ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey) WHERE i.indisprimary AND i.indrelid = ("
                + " SELECT oid FROM pg_class WHERE relname = ? AND relnamespace = (SELECT oid FROM pg_namespace"
                + " WHERE nspname = current_schema())) ORDER BY array_position(i.indkey::int2[], a.attnum)")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    key.add(quoteIdentifier(rs.getString(1)));
                }
            }
        }
        return key;
    }

    private long write(Connection c, TenantId org, String table, String column, Writer out, ColumnReader reader,
                       RunningJob run) throws SQLException, IOException {
        long rows = 0;
        try (PreparedStatement ps = RowSecurity.prepareStatement(c, org, "SELECT * FROM " + quoteIdentifier(table)
                + " WHERE " + column + " = ?")) {
            ps.setFetchSize(500);
            ps.setObject(1, org.value());
            try (ResultSet rs = ps.executeQuery()) {
                ResultSetMetaData meta = rs.getMetaData();
                while (rs.next()) {
                    StringBuilder line = new StringBuilder("{\"table\":").append(JsonStrings.quote(table)).append(",\"row\":{");
                    for (int i = 1; i <= meta.getColumnCount(); i++) {
                        if (i > 1) {
                            line.append(',');
                        }
                        String name = meta.getColumnName(i);
                        line.append(JsonStrings.quote(name)).append(':').append(json(rs, i, meta.getColumnType(i),
                                meta.getColumnTypeName(i), table, name, org, reader));
                    }
                    out.write(line.append("}}\n").toString());
                    run.progress(run.done() + 1);
                    rows++;
                }
            }
        }
        return rows;
    }

    private static String json(ResultSet rs, int i, int type, String typeName, String table, String column, TenantId org,
                               ColumnReader reader) throws SQLException {
        Object stored = type == Types.BINARY || type == Types.VARBINARY || type == Types.LONGVARBINARY ? rs.getBytes(i)
                : rs.getString(i);
        if (stored == null) {
            return "null";
        }
        Object value = stored;
        if (reader != null) {
            try {
                value = reader.read(table, column, org, stored);
            } catch (Exception e) {
                throw new TenantryException("Export of organization " + org + ": the value of " + table + "." + column
                        + " could not be read (" + e.getClass().getSimpleName() + ")", e);
            }
        }
        if (value instanceof byte[] bytes) {
            return JsonStrings.quote(Base64.getEncoder().encodeToString(bytes));
        }
        String text = String.valueOf(value);
        if (value == stored) {
            switch (typeName) {
                case "json", "jsonb":
                    return text;
                case "bool":
                    return "t".equals(text) || "true".equals(text) ? "true" : "false";
                case "int2", "int4", "int8", "numeric", "float4", "float8":
                    return isFinite(text) ? text : JsonStrings.quote(text);
                default:
                    return JsonStrings.quote(text);
            }
        }
        return JsonStrings.quote(text);
    }

    private static boolean isFinite(String number) {
        try {
            new BigDecimal(number);
            return true;
        } catch (NumberFormatException e) {
            return false;   // NaN, Infinity
        }
    }

    private void requireRole(TenantId org, String actor, Role required, String operation) {
        Objects.requireNonNull(org, "org");
        if (actor == null || actor.isBlank()) {
            throw new OrganizationNotFoundException(org.toString());   // no caller: as for a non-member
        }
        Role role;
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = RowSecurity.prepareStatement(c, org, "SELECT m.role FROM memberships m JOIN organizations o"
                     + " ON o.id = m.organization_id WHERE m.organization_id = ? AND m.principal = ?")) {
            ps.setObject(1, org.value());
            ps.setString(2, actor);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new OrganizationNotFoundException(org.toString());
                }
                role = Role.valueOf(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new TenantryException("Could not read the caller's role in organization " + org + " (SQLState "
                    + e.getSQLState() + ")", e);
        }
        if (!role.atLeast(required)) {
            throw new AccessDeniedException(operation, required, role);
        }
    }

    private static int execute(Connection c, TenantId org, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement ps = RowSecurity.prepareStatement(c, org, sql)) {
            for (int i = 0; i < parameters.length; i++) {
                ps.setObject(i + 1, parameters[i]);
            }
            if (sql.startsWith("SELECT")) {
                ps.executeQuery().close();
                return 0;
            }
            return ps.executeUpdate();
        }
    }

    private static void count(Map<String, Long> deleted, String table, long rows, RunningJob run) {
        deleted.merge(table, rows, Long::sum);
        run.add(rows);
    }

    private interface SqlWork<T> {
        T run() throws SQLException;
    }

    private interface SqlAction {
        void run() throws SQLException;
    }

    private static <T> T inTransaction(Connection c, SqlWork<T> work) throws SQLException {
        try {
            T result = work.run();
            c.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            JdbcCleanup.after(e, c::rollback);
            throw e;
        }
    }

    private static void inTransactionDo(Connection c, SqlAction work) throws SQLException {
        inTransaction(c, () -> {
            work.run();
            return null;
        });
    }

    private static String quoteIdentifier(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }
}
