package dev.tenantry.crypto;

import dev.tenantry.crypto.internal.Settings;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Command-line key rotation:
 * <pre>
 * TENANTRY_CRYPTO_KEYS='1:...,2:...' TENANTRY_CRYPTO_ACTIVE_KEY=2 TENANTRY_DB_PASSWORD=... \
 * java -cp tenantry-crypto.jar:jasypt.jar:postgresql.jar dev.tenantry.crypto.RotateKeysCommand \
 *      --url jdbc:postgresql://db/app --user app [--batch 500] credentials.secret tokens.value:bytes ...
 * </pre>
 * Columns are {@code table.column} (text) or {@code table.column:bytes} (bytea), with
 * {@code table(idcolumn).column} when the key is not {@code id} and a trailing {@code :global} for a
 * table with {@code organization_id} whose entity is not tenant-scoped. Values Jasypt wrote are read
 * with the legacy engine ({@code TENANTRY_CRYPTO_LEGACY_PASSWORD}, {@code …_ALGORITHM}, see
 * {@link JasyptPbeEngine}) and re-sealed like the others; the report's {@code legacy} counts those left. The
 * password comes from the environment variable {@code TENANTRY_DB_PASSWORD} (or the system property
 * {@code tenantry.db.password}), plain or as {@code ENC(...)} with {@code TENANTRY_CONFIG_PASSWORD} (see
 * {@link EncryptedConfigSource}), never from the arguments. Interrupt it at any
 * time and run it again: it continues where it stopped. Under row-level security it works tenant by
 * tenant (see {@link KeyRotation}), so the runtime role {@code tenantry_app} can run it. Exit code 0
 * when every value is on the active key, 2 when some could not be decrypted, 3 when the rotation was
 * refused or the database failed (the message says why), 1 on bad arguments.
 */
public final class RotateKeysCommand {

    /** The database password's setting: environment {@code TENANTRY_DB_PASSWORD}, plain or {@code ENC(...)}. */
    private static final String DB_PASSWORD = "tenantry.db.password";

    private RotateKeysCommand() {
    }

    /**
     * @param args see the class description
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * @param args see the class description
     * @param out  progress
     * @param err  problems
     * @return the exit code
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        String url = null;
        String user = "postgres";
        int batch = 500;
        List<EncryptedColumn> columns = new ArrayList<>();
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--url" -> url = args[++i];
                    case "--user" -> user = args[++i];
                    case "--batch" -> batch = Integer.parseInt(args[++i]);
                    default -> columns.add(EncryptedColumn.parse(args[i]));
                }
            }
            if (url == null || columns.isEmpty()) {
                throw new IllegalArgumentException("give --url and at least one table.column");
            }
        } catch (RuntimeException e) {
            err.println("Usage: RotateKeysCommand --url JDBC_URL [--user USER] [--batch N] table.column[:bytes][:global]...  ("
                    + e.getMessage() + ")");
            return 1;
        }
        ColumnEncryption encryption;
        String password;
        try {
            encryption = ColumnEncryption.fromConfiguration();
            out.println("Key ring " + encryption.requireKeyRing() + "; re-sealing to key version "
                    + encryption.requireKeyRing().activeVersion() + " (" + encryption + ")");
            password = Settings.get(DB_PASSWORD).orElse(null);   // ENC(...) decrypted, as for every setting
        } catch (KeyConfigurationException e) {
            err.println(e.getMessage());
            return 3;
        }
        KeyRotation rotation = new KeyRotation(new UrlDataSource(url, user, password), encryption);
        long unreadable = 0;
        for (EncryptedColumn column : columns) {
            RotationReport report;
            try {
                report = rotation.rotate(column, batch, out::println);
            } catch (CryptoException e) {
                err.println(e.getMessage());
                return 3;
            }
            out.println(report);
            unreadable += report.unreadable();
        }
        return unreadable > 0 ? 2 : 0;
    }

    /** A DataSource over DriverManager, enough for a one-shot command. */
    private record UrlDataSource(String url, String user, String password) implements DataSource {

        @Override
        public Connection getConnection() throws SQLException {
            return DriverManager.getConnection(url, user, password == null ? "" : password);
        }

        @Override
        public Connection getConnection(String u, String p) throws SQLException {
            return DriverManager.getConnection(url, u, p);
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return false;
        }

        @Override
        public String toString() {
            return "UrlDataSource[" + url + ", user " + user + "]";
        }
    }
}
