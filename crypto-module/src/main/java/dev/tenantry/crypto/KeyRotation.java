package dev.tenantry.crypto;

import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * Re-encrypts the values of a column that were sealed with older keys, in batches, with the active key.
 *
 * <p>Each batch is one transaction, so an interrupted run keeps what it did and a new run picks up
 * the rest (rows already on the active key are not selected again). A row is only ever replaced by
 * a value that decrypts to the same plaintext, and only if nobody changed it meanwhile
 * ({@code UPDATE ... WHERE id = ? AND column = <value read>}): at no point is a row unreadable.
 * Values that fail to decrypt are left untouched and counted; their ids are logged, never their
 * content. Thread-safe; run one rotation per column at a time.
 */
public final class KeyRotation {

    private static final System.Logger LOG = System.getLogger(KeyRotation.class.getName());

    private final DataSource dataSource;
    private final KeyRing keyRing;

    /**
     * @param dataSource the database; its user must be allowed to update the columns
     * @param keyRing    a key ring holding every version in use; new values get its active key
     */
    public KeyRotation(DataSource dataSource, KeyRing keyRing) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.keyRing = Objects.requireNonNull(keyRing, "keyRing");
    }

    /**
     * @param column    the encrypted column
     * @param batchSize rows per transaction
     * @param progress  receives one line per batch (counts only)
     * @return what was done
     */
    public RotationReport rotate(EncryptedColumn column, int batchSize, Consumer<String> progress) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be 1 or more");
        }
        try {
            long total = countOld(column);
            long rotated = 0;
            long unreadable = 0;
            long skipped = 0;
            Object after = null;
            while (true) {
                Batch batch = rotateBatch(column, batchSize, after);
                rotated += batch.rotated;
                unreadable += batch.unreadable;
                skipped += batch.skipped;
                progress.accept(column + ": " + rotated + " of " + total + " re-encrypted with key version "
                        + keyRing.activeVersion() + (unreadable > 0 ? ", " + unreadable + " unreadable" : "")
                        + (skipped > 0 ? ", " + skipped + " changed meanwhile" : ""));
                if (batch.lastId == null) {
                    break;
                }
                after = batch.lastId;
            }
            return new RotationReport(column, rotated, unreadable, skipped, countOld(column));
        } catch (SQLException e) {
            throw new CryptoException("Key rotation of " + column + " failed (SQLState " + e.getSQLState()
                    + "); batches already committed stay rotated, run it again to continue", e);
        }
    }

    private Batch rotateBatch(EncryptedColumn c, int batchSize, Object after) throws SQLException {
        try (Connection conn = dataSource.getConnection()) {
            conn.setAutoCommit(false);
            try {
                Batch batch = new Batch();
                List<Object[]> rows = new ArrayList<>();
                try (PreparedStatement select = conn.prepareStatement("SELECT " + c.idColumn() + ", " + c.column()
                        + " FROM " + c.table() + " WHERE " + notActive(c) + (after == null ? "" : " AND " + c.idColumn() + " > ?")
                        + " ORDER BY " + c.idColumn() + " LIMIT " + batchSize)) {
                    if (after != null) {
                        select.setObject(1, after);
                    }
                    try (ResultSet rs = select.executeQuery()) {
                        while (rs.next()) {
                            rows.add(new Object[] {rs.getObject(1), c.binary() ? rs.getBytes(2) : rs.getString(2)});
                        }
                    }
                }
                try (PreparedStatement update = conn.prepareStatement("UPDATE " + c.table() + " SET " + c.column()
                        + " = ? WHERE " + c.idColumn() + " = ? AND " + c.column() + " = ?")) {
                    for (Object[] row : rows) {
                        Object fresh;
                        try {
                            fresh = reseal(c, row[1]);
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
                conn.rollback();
                throw e;
            }
        }
    }

    private Object reseal(EncryptedColumn c, Object value) {
        if (c.binary()) {
            return keyRing.sealBinary(keyRing.openBinary((byte[]) value));
        }
        return keyRing.sealText(keyRing.openText((String) value));
    }

    private long countOld(EncryptedColumn c) throws SQLException {
        try (Connection conn = dataSource.getConnection();
             PreparedStatement ps = conn.prepareStatement("SELECT count(*) FROM " + c.table() + " WHERE " + notActive(c));
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Rows whose value is not sealed with the active key, judged by the key version in its header. */
    private String notActive(EncryptedColumn c) {
        int active = keyRing.activeVersion();
        if (c.binary()) {
            return c.column() + " IS NOT NULL AND (octet_length(" + c.column() + ") < 3 OR get_byte(" + c.column()
                    + ", 1) * 256 + get_byte(" + c.column() + ", 2) <> " + active + ")";
        }
        return c.column() + " IS NOT NULL AND " + c.column() + " NOT LIKE '" + KeyRing.TEXT_PREFIX + active + ":%'";
    }

    private static final class Batch {
        long rotated;
        long unreadable;
        long skipped;
        Object lastId;
    }
}
