package dev.tenantry.crypto;

import dev.tenantry.crypto.internal.RotationRun;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * Re-seals the values of a column that are not yet in the place-bound format under the active key —
 * values sealed with older keys, unbound {@code tnc1} values, and values a Jasypt encryptor wrote
 * (read through the legacy engine of the {@link ColumnEncryption}) — in batches, as {@code tnc2}
 * bound to the column's {@link Place}: table, column and, when the table has an
 * {@code organization_id} column (a tenant entity, see {@link EncryptedColumn#global()}), the row's
 * tenant.
 *
 * <p>Each batch is one transaction, so an interrupted run keeps what it did and a new run picks up
 * the rest (rows already on the active key are not selected again). A row is only ever replaced by
 * a value that decrypts to the same plaintext, and only if nobody changed it meanwhile
 * ({@code UPDATE ... WHERE id = ? AND column = <value read>}): at no point is a row unreadable.
 * Values that fail to decrypt are left untouched and counted; their ids are logged, never their
 * content.
 *
 * <p><b>Row-level security.</b> When the table has row-level security that binds the connecting
 * role (not a superuser, not {@code BYPASSRLS}, not an owner of a table without {@code FORCE}), the
 * rotation works tenant by tenant: for every organization in {@code organizations} it sets
 * Tenantry's transaction setting {@code tenantry.tenant_id} in each batch's transaction, exactly as
 * the application does. It does so only when the catalog proves that every row belongs to such an
 * organization ({@code organization_id NOT NULL} with a foreign key to {@code organizations});
 * otherwise some rows could not be seen, and it refuses to start (a {@link CryptoException} saying to
 * run it as a role that bypasses row-level security) rather than report rows it never saw as done.
 * Thread-safe; run one rotation per column at a time.
 */
public final class KeyRotation {

    private static final System.Logger LOG = System.getLogger(KeyRotation.class.getName());
    /** Tenantry's transaction setting that its row-level security policies read. */
    private static final String TENANT_SETTING = "tenantry.tenant_id";
    /** How many legacy values are tried before a run, to catch wrong legacy settings. */
    private static final int LEGACY_SAMPLE = 32;

    private final DataSource dataSource;
    private final KeyRing keyRing;
    private final ColumnEncryption readers;

    /**
     * @param dataSource the database; its user must be allowed to update the columns
     * @param keyRing    a key ring holding every version in use; new values get its active key
     */
    public KeyRotation(DataSource dataSource, KeyRing keyRing) {
        this(dataSource, ColumnEncryption.of(keyRing));
    }

    /**
     * @param dataSource the database; its user must be allowed to update the columns
     * @param encryption reads the stored values (its key ring, engine and legacy engine); its key ring
     *                   seals the new ones with its active key
     * @throws KeyConfigurationException when {@code encryption} has no key ring
     */
    public KeyRotation(DataSource dataSource, ColumnEncryption encryption) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.readers = encryption.acceptingUnbound();
        this.keyRing = encryption.requireKeyRing();
    }

    /**
     * @param column    the encrypted column
     * @param batchSize rows per transaction
     * @param progress  receives one line per batch (counts only)
     * @return what was done
     * @throws CryptoException when the database fails, or when row-level security would hide rows
     *                         from this role (nothing is changed then)
     */
    public RotationReport rotate(EncryptedColumn column, int batchSize, Consumer<String> progress) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be 1 or more");
        }
        try (RotationRun run = RotationRun.start(dataSource)) {
            try {
                RotationReport report = rotate(column, batchSize, progress, run);
                run.end(report.rotated(), null);
                return report;
            } catch (SQLException | RuntimeException e) {
                run.failed(e);
                throw e;
            }
        } catch (SQLException e) {
            throw new CryptoException("Key rotation of " + column + " failed (SQLState " + e.getSQLState() + "): "
                    + why(e.getSQLState()), e);
        }
    }

    /** What a failure's SQLState means for the operator, and what to do. */
    private static String why(String state) {
        String s = state == null ? "" : state;
        if (s.equals("42P01") || s.equals("42703")) {
            return "the table or column does not exist (check table.column, and that the role can see it); nothing was changed";
        }
        if (s.equals("42501")) {
            return "the role may not read or update it (grant SELECT and UPDATE, or run as the table's owner);"
                    + " nothing was changed";
        }
        if (s.startsWith("28")) {
            return "the database refused the user or password (--user, TENANTRY_DB_PASSWORD); nothing was changed";
        }
        if (s.startsWith("08") || s.startsWith("57P")) {
            return "the database could not be reached or went away; batches already committed stay rotated, run it again"
                    + " to continue";
        }
        return "batches already committed stay rotated, run it again to continue";
    }

    private RotationReport rotate(EncryptedColumn column, int batchSize, Consumer<String> progress, RotationRun run)
            throws SQLException {
        Scope scope = scopes(column);
        List<UUID> scopes = scope.tenants;   // a null element: the whole table at once
        checkLegacyEngine(column, scope);
        long total = 0;
        for (UUID tenant : scopes) {
            total += countOld(column, tenant);
        }
        long rotated = 0;
        long unreadable = 0;
        long skipped = 0;
        for (UUID tenant : scopes) {
            Object after = null;
            while (true) {
                Batch batch = rotateBatch(column, batchSize, after, tenant, scope.tenantColumn);
                rotated += batch.rotated;
                unreadable += batch.unreadable;
                skipped += batch.skipped;
                run.progress(rotated, total);
                progress.accept(column + ": " + rotated + " of " + total + " re-encrypted with key version "
                        + keyRing.activeVersion() + (unreadable > 0 ? ", " + unreadable + " unreadable" : "")
                        + (skipped > 0 ? ", " + skipped + " changed meanwhile" : "")
                        + (tenant == null ? "" : " (tenant by tenant, row-level security)"));
                if (batch.lastId == null) {
                    break;
                }
                after = batch.lastId;
            }
        }
        long remaining = 0;
        long legacy = 0;
        for (UUID tenant : scopes) {
            remaining += countOld(column, tenant);
            legacy += count(column, tenant, legacy(column));
        }
        int tenants = scopes.size() == 1 && scopes.get(0) == null ? 0 : scopes.size();
        return new RotationReport(column, rotated, unreadable, skipped, remaining, legacy, tenants);
    }

    /** The tenants to visit ({@code [null]}: the whole table at once), and whether rows carry a tenant. */
    private record Scope(List<UUID> tenants, boolean tenantColumn) {
    }

    /**
     * @return the tenants to visit, {@code [null]} when the role sees every row of the table
     * @throws CryptoException when row-level security would hide rows no tenant visit can reach
     */
    private Scope scopes(EncryptedColumn c) throws SQLException {
        boolean tenantColumn;
        try (Connection conn = dataSource.getConnection();
             PreparedStatement ps = conn.prepareStatement("SELECT c.relrowsecurity AND NOT (r.rolsuper OR r.rolbypassrls"
                     + " OR (pg_has_role(current_user, c.relowner, 'USAGE') AND NOT c.relforcerowsecurity)),"
                     + " a.attnotnull, EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conrelid = c.oid AND k.contype = 'f'"
                     + "   AND k.confrelid = to_regclass('organizations') AND k.conkey = ARRAY[a.attnum]),"
                     + " a.attname IS NOT NULL, current_user"
                     + " FROM pg_class c JOIN pg_roles r ON r.rolname = current_user"
                     + " LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'organization_id' AND NOT a.attisdropped"
                     + " WHERE c.oid = to_regclass(?)")) {
            ps.setString(1, c.table());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new CryptoException("Key rotation of " + c + ": there is no table '" + c.table() + "' (as the"
                            + " role sees it); nothing was changed");
                }
                tenantColumn = rs.getBoolean(4) && !c.global();
                if (!rs.getBoolean(1)) {
                    return new Scope(Arrays.asList((UUID) null), tenantColumn);
                }
                if (!rs.getBoolean(4) || !rs.getBoolean(2) || !rs.getBoolean(3)) {
                    throw new CryptoException("Key rotation of " + c + " refused: the table has row-level security that"
                            + " hides rows from role '" + rs.getString(5) + "', and not every row is sure to belong to an"
                            + " organization (organization_id NOT NULL REFERENCES organizations), so some could not be"
                            + " reached tenant by tenant. Run the rotation as a role with BYPASSRLS (or a superuser).");
                }
            }
        }
        List<UUID> tenants = new ArrayList<>();
        try (Connection conn = dataSource.getConnection();
             PreparedStatement ps = conn.prepareStatement("SELECT id FROM organizations ORDER BY id");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                tenants.add(rs.getObject(1, UUID.class));
            }
        }
        return new Scope(tenants, tenantColumn);
    }

    private Batch rotateBatch(EncryptedColumn c, int batchSize, Object after, UUID tenant, boolean tenantColumn)
            throws SQLException {
        try (Connection conn = dataSource.getConnection()) {
            conn.setAutoCommit(false);
            try {
                setTenant(conn, tenant);
                Batch batch = new Batch();
                List<Object[]> rows = new ArrayList<>();
                try (PreparedStatement select = conn.prepareStatement("SELECT " + c.idColumn() + ", " + c.column()
                        + (tenantColumn ? ", organization_id" : ", NULL") + " FROM " + c.table() + " WHERE " + notActive(c)
                        + inTenant(tenant)
                        + (after == null ? "" : " AND " + c.idColumn() + " > ?")
                        + " ORDER BY " + c.idColumn() + " LIMIT " + batchSize)) {
                    int p = 1;
                    if (tenant != null) {
                        select.setObject(p++, tenant);
                    }
                    if (after != null) {
                        select.setObject(p, after);
                    }
                    try (ResultSet rs = select.executeQuery()) {
                        while (rs.next()) {
                            rows.add(new Object[] {rs.getObject(1), c.binary() ? rs.getBytes(2) : rs.getString(2),
                                rs.getString(3)});
                        }
                    }
                }
                try (PreparedStatement update = conn.prepareStatement("UPDATE " + c.table() + " SET " + c.column()
                        + " = ? WHERE " + c.idColumn() + " = ? AND " + c.column() + " = ?")) {
                    for (Object[] row : rows) {
                        Object fresh;
                        try {
                            fresh = reseal(c, row[1], (String) row[2]);
                        } catch (DecryptionFailedException e) {
                            batch.unreadable++;
                            LOG.log(Level.WARNING, c + ": row " + row[0] + " cannot be decrypted and was left as it is");
                            continue;
                        }
                        update.setObject(1, fresh);
                        update.setObject(2, row[0]);
                        update.setObject(3, row[1]);
                        if (update.executeUpdate() == 1) {
                            batch.rotated++;
                        } else {
                            batch.skipped++;
                        }
                    }
                }
                conn.commit();
                batch.lastId = rows.size() < batchSize ? null : rows.get(rows.size() - 1)[0];
                return batch;
            } catch (SQLException | RuntimeException e) {
                rollbackAfter(conn, e);
                throw e;
            }
        }
    }

    /** Rolls back after {@code failure}; a rollback that fails too (the connection is gone) rides along on it. */
    private static void rollbackAfter(Connection conn, Exception failure) {
        try {
            conn.rollback();
        } catch (SQLException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /**
     * Jasypt's PBE values carry no tag: with a wrong password about one value in 256 still "decrypts"
     * (to garbage) instead of failing, and re-sealing that garbage would authenticate it. So before
     * anything is written, up to {@value #LEGACY_SAMPLE} legacy values are decrypted; when most of them
     * fail, the legacy settings are wrong and the run is refused.
     */
    private void checkLegacyEngine(EncryptedColumn c, Scope scope) throws SQLException {
        int[] triedAndFailed = new int[2];
        for (UUID tenant : scope.tenants) {
            if (triedAndFailed[0] >= LEGACY_SAMPLE) {
                break;
            }
            read(tenant, "SELECT " + c.column() + (scope.tenantColumn ? ", organization_id" : ", NULL") + " FROM " + c.table()
                    + " WHERE " + legacy(c) + inTenant(tenant) + " LIMIT " + (LEGACY_SAMPLE - triedAndFailed[0]), rs -> {
                        while (rs.next()) {
                            triedAndFailed[0]++;
                            Place at = Place.of(c.table(), c.column()).inTenant(rs.getString(2));
                            try {
                                if (c.binary()) {
                                    readers.decrypt(rs.getBytes(1), at);
                                } else {
                                    readers.decrypt(rs.getString(1), at);
                                }
                            } catch (DecryptionFailedException e) {
                                triedAndFailed[1]++;
                            }
                        }
                        return null;
                    });
        }
        int tried = triedAndFailed[0];
        int failed = triedAndFailed[1];
        if (tried > 0 && failed * 2 > tried) {
            throw new CryptoException("Key rotation of " + c + " refused: " + failed + " of " + tried + " sampled values"
                    + " in no Tenantry format could not be decrypted, so the legacy Jasypt settings ("
                    + JasyptPbeEngine.LEGACY_PREFIX + "password, algorithm, iv-generator) are probably wrong, and a wrong"
                    + " password would turn some values into garbage. Nothing was changed.");
        }
    }

    /**
     * Sets the tenant for the rest of the connection's current transaction (none: nothing). With
     * {@code SET LOCAL}, which a Citus cluster forwards to its workers when told to (set_config is never
     * forwarded); elsewhere the first setting is an unused placeholder. The tenant is a UUID, so its text
     * is safe in the statement.
     */
    private static void setTenant(Connection conn, UUID tenant) throws SQLException {
        if (tenant == null) {
            return;
        }
        try (Statement s = conn.createStatement()) {
            // one round trip, as the set_config it replaces
            s.execute("SET LOCAL citus.propagate_set_commands = 'local'; SET LOCAL " + TENANT_SETTING + " = '" + tenant + "'");
        }
    }

    /**
     * Opens a value at its place and seals it there in the place-bound format. A place-bound value
     * keeps the binding it has (its flag says whether a tenant is part of it); any other value gets
     * the row's tenant when the table carries one.
     */
    private Object reseal(EncryptedColumn c, Object value, String rowTenant) {
        Place column = Place.of(c.table(), c.column());
        Place rowPlace = column.inTenant(rowTenant);
        if (c.binary()) {
            byte[] stored = (byte[]) value;
            // a Jasypt value starts with random salt: its first byte is 0x02 one time in 256, so the flag
            // is only read when the key ring recognises the header as its own
            Place at = keyRing.isSealedBinary(stored)
                    ? KeyRing.tenantBound(stored).map(bound -> bound ? rowPlace : column).orElse(rowPlace) : rowPlace;
            return keyRing.sealBinary(readers.decrypt(stored, at), at);
        }
        String stored = (String) value;
        Place at = KeyRing.tenantBound(stored).map(bound -> bound ? rowPlace : column).orElse(rowPlace);
        return keyRing.sealText(readers.decrypt(stored, at).getBytes(StandardCharsets.UTF_8), at);
    }

    private long countOld(EncryptedColumn c, UUID tenant) throws SQLException {
        return count(c, tenant, notActive(c));
    }

    private long count(EncryptedColumn c, UUID tenant, String predicate) throws SQLException {
        return read(tenant, "SELECT count(*) FROM " + c.table() + " WHERE " + predicate + inTenant(tenant), rs -> {
            rs.next();
            return rs.getLong(1);
        });
    }

    /** {@code " AND organization_id = ?"} when reading one tenant's rows, else nothing. */
    private static String inTenant(UUID tenant) {
        return tenant == null ? "" : " AND organization_id = ?";
    }

    /**
     * Runs a read-only query in a transaction of its own, as {@code tenant} (its one parameter, when
     * not null, is the tenant), rolled back afterwards.
     */
    private <T> T read(UUID tenant, String sql, ResultReader<T> reader) throws SQLException {
        try (Connection conn = dataSource.getConnection()) {
            conn.setAutoCommit(false);
            try {
                setTenant(conn, tenant);
                try (PreparedStatement ps = conn.prepareStatement(sql)) {
                    if (tenant != null) {
                        ps.setObject(1, tenant);
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        T result = reader.read(rs);
                        conn.rollback();
                        return result;
                    }
                }
            } catch (SQLException | RuntimeException e) {
                rollbackAfter(conn, e);
                throw e;
            }
        }
    }

    private interface ResultReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /** Rows whose value is not place-bound under the active key, judged by format and key version in its header. */
    private String notActive(EncryptedColumn c) {
        int active = keyRing.activeVersion();
        String v = c.column();
        if (c.binary()) {
            return v + " IS NOT NULL AND (octet_length(" + v + ") < 4 OR get_byte(" + v + ", 0) <> 2 OR get_byte(" + v
                    + ", 1) * 256 + get_byte(" + v + ", 2) <> " + active + ")";
        }
        return v + " IS NOT NULL AND " + v + " NOT LIKE '" + KeyRing.BOUND_TEXT_PREFIX + active + ":%'";
    }

    /**
     * Rows whose value is in no Tenantry format: Jasypt's. For {@code bytea} judged by the first byte
     * only, so a legacy value that happens to start with a format byte is not counted here (it is
     * still counted in {@code remaining} unless it is a valid value under the active key).
     */
    private static String legacy(EncryptedColumn c) {
        String v = c.column();
        if (c.binary()) {
            return v + " IS NOT NULL AND (octet_length(" + v + ") < 1 OR get_byte(" + v + ", 0) NOT IN (1, 2))";
        }
        return v + " IS NOT NULL AND " + v + " NOT LIKE 'tnc_:%'";
    }

    private static final class Batch {
        long rotated;
        long unreadable;
        long skipped;
        Object lastId;
    }
}
