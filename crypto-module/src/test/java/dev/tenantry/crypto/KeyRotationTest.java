package dev.tenantry.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantry.embedded.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class KeyRotationTest {

    private static final int ROWS = 25;
    private final KeyRing v1 = KeyRing.parse("1:" + KeyRingTest.KEY1, null);
    private final KeyRing v1v2 = KeyRing.parse("1:" + KeyRingTest.KEY1 + ",2:" + KeyRingTest.KEY2, null);

    private TestDatabase db;
    private DataSource ds;

    @BeforeEach
    void rowsSealedWithKeyOne() throws SQLException {
        db = TestDatabase.create("rotation");
        DataSource pg = db.endpoint().dataSource();
        ds = pg;
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE secrets (id bigint PRIMARY KEY, token text, blob bytea)");
        }
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("INSERT INTO secrets VALUES (?, ?, ?)")) {
            for (int i = 1; i <= ROWS; i++) {
                ps.setLong(1, i);
                ps.setString(2, i % 7 == 0 ? null : v1.sealText(("token-" + i).getBytes(StandardCharsets.UTF_8)));
                ps.setBytes(3, v1.sealBinary(("blob-" + i).getBytes(StandardCharsets.UTF_8)));
                ps.executeUpdate();
            }
        }
    }

    @AfterEach
    void drop() {
        db.close();
    }

    @Test
    void rotatesEveryValueToTheActiveKeyInBatches() throws SQLException {
        List<String> progress = new ArrayList<>();
        RotationReport report = new KeyRotation(ds, v1v2).rotate(EncryptedColumn.parse("secrets.token"), 10, progress::add);

        assertThat(report.rotated()).isEqualTo(ROWS - 3);
        assertThat(report.remaining()).isZero();
        assertThat(progress).hasSize(3).last().asString().contains("22 of 22 re-encrypted with key version 2");
        Map<Long, String> tokens = tokens(v1v2);
        assertThat(tokens).hasSize(ROWS).containsEntry(3L, "token-3").containsEntry(7L, null);
        assertThat(versions("token")).containsOnly(2);
        assertThat(rows("SELECT count(*) FROM secrets WHERE token NOT LIKE 'tnc2:2:%'").get(0)[0]).isEqualTo(0L);
        // bound to secrets.token: the same value does not open as another column's
        String one = token(1);
        assertThatThrownBy(() -> v1v2.openText(one, Place.of("secrets", "other"))).isInstanceOf(DecryptionFailedException.class);
        assertThatThrownBy(() -> v1v2.openText(one, Place.of("secrets", "token").inTenant("t")))
                .isInstanceOf(DecryptionFailedException.class);
    }

    @Test
    void anInterruptedRotationLeavesEveryRowReadableAndResumes() throws SQLException {
        EncryptedColumn blob = EncryptedColumn.parse("secrets.blob:bytes");
        int[] batches = {0};
        assertThatThrownBy(() -> new KeyRotation(ds, v1v2).rotate(blob, 10, line -> {
            if (++batches[0] == 1) {
                throw new IllegalStateException("operator pressed Ctrl-C");
            }
        })).hasMessageContaining("Ctrl-C");

        // halfway: the first batch is on key 2, the rest still on key 1, and all of it readable
        assertThat(versions("blob")).containsOnly(1, 2);
        assertThat(blobs(v1v2).values()).allSatisfy(v -> assertThat(v).startsWith("blob-"));

        RotationReport resumed = new KeyRotation(ds, v1v2).rotate(blob, 10, line -> { });

        assertThat(resumed.rotated()).isEqualTo(ROWS - 10);
        assertThat(resumed.remaining()).isZero();
        assertThat(versions("blob")).containsOnly(2);
        assertThat(blobs(v1v2)).hasSize(ROWS).containsEntry(17L, "blob-17");
    }

    @Test
    void anUnreadableValueIsLeftAloneAndReported() throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("UPDATE secrets SET token = 'tnc1:1:AAAA' || substring(token from 12) WHERE id = 5");
        }
        String damaged = token(5);
        RotationReport report = new KeyRotation(ds, v1v2).rotate(EncryptedColumn.parse("secrets.token"), 4, line -> { });

        assertThat(report.unreadable()).isEqualTo(1);
        assertThat(report.rotated()).isEqualTo(ROWS - 4);
        assertThat(report.remaining()).isEqualTo(1);
        assertThat(token(5)).isEqualTo(damaged);
    }

    @Test
    void theCommandRotatesWithKeysFromConfiguration() throws SQLException {
        System.setProperty(CryptoSettings.KEYS, "1:" + KeyRingTest.KEY1 + ",2:" + KeyRingTest.KEY2);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            int exit = RotateKeysCommand.run(new String[] {"--url", db.endpoint().jdbcUrl(), "--user", db.endpoint().user(),
                "--batch", "7", "secrets.token", "secrets.blob:bytes"}, new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            assertThat(exit).isZero();
        } finally {
            System.clearProperty(CryptoSettings.KEYS);
        }
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(printed).contains("re-sealing to key version 2").contains("secrets.blob (bytea): 25 of 25")
                .doesNotContain(KeyRingTest.KEY1).doesNotContain("token-");
        assertThat(versions("token")).containsOnly(2);
        assertThat(versions("blob")).containsOnly(2);
        assertThat(RotateKeysCommand.run(new String[] {"--batch"}, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(new ByteArrayOutputStream()))).isEqualTo(1);
    }

    @Test
    void theCommandSaysWhenATableOrColumnDoesNotExist() throws SQLException {
        System.setProperty(CryptoSettings.KEYS, "1:" + KeyRingTest.KEY1 + ",2:" + KeyRingTest.KEY2);
        try {
            for (String column : new String[] {"no_such_table.token", "secrets.no_such_column", "secrets.no_such_blob:bytes"}) {
                ByteArrayOutputStream err = new ByteArrayOutputStream();
                assertThat(RotateKeysCommand.run(new String[] {"--url", db.endpoint().jdbcUrl(), "--user", db.endpoint().user(),
                    column}, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8)))
                        .as(column).isEqualTo(3);
                assertThat(err.toString(StandardCharsets.UTF_8)).as(column).containsAnyOf("there is no table 'no_such_table'",
                        "the table or column does not exist").contains("nothing was changed");
            }
        } finally {
            System.clearProperty(CryptoSettings.KEYS);
        }
        assertThat(versions("token")).containsOnly(1);
    }

    @Test
    void theCommandTakesTheDatabasePasswordAsEnc() {
        String password = db.endpoint().password() == null ? "any" : db.endpoint().password();
        String enc = EncryptedConfigSource.encrypt(password, "the configuration password");
        System.setProperty(CryptoSettings.KEYS, "1:" + KeyRingTest.KEY1 + ",2:" + KeyRingTest.KEY2);
        System.setProperty("tenantry.db.password", enc);
        try {
            System.setProperty(CryptoSettings.CONFIG_PASSWORD, "the configuration password");
            assertThat(RotateKeysCommand.run(new String[] {"--url", db.endpoint().jdbcUrl(), "--user", db.endpoint().user(),
                "secrets.token"}, new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream())))
                    .isZero();

            // proof that ENC(...) is decrypted (the test database trusts any password): a wrong configuration
            // password stops the command before it connects, naming the setting and never the value
            System.setProperty(CryptoSettings.CONFIG_PASSWORD, "not the configuration password");
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            assertThat(RotateKeysCommand.run(new String[] {"--url", db.endpoint().jdbcUrl(), "--user", db.endpoint().user(),
                "secrets.token"}, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8)))
                    .isEqualTo(3);
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("tenantry.db.password").contains("TENANTRY_CONFIG_PASSWORD")
                    .doesNotContain(enc.substring(4, enc.length() - 1)).doesNotContain(password.length() > 3 ? password : enc);
        } finally {
            System.clearProperty(CryptoSettings.KEYS);
            System.clearProperty(CryptoSettings.CONFIG_PASSWORD);
            System.clearProperty("tenantry.db.password");
        }
    }

    private Map<Long, String> tokens(KeyRing ring) throws SQLException {
        Map<Long, String> out = new HashMap<>();
        for (Object[] row : rows("SELECT id, token FROM secrets")) {
            out.put((Long) row[0], row[1] == null ? null
                    : new String(ring.openText((String) row[1], Place.of("secrets", "token")), StandardCharsets.UTF_8));
        }
        return out;
    }

    private Map<Long, String> blobs(KeyRing ring) throws SQLException {
        Map<Long, String> out = new HashMap<>();
        for (Object[] row : rows("SELECT id, blob FROM secrets")) {
            out.put((Long) row[0], new String(ring.openBinary((byte[]) row[1], Place.of("secrets", "blob")),
                    StandardCharsets.UTF_8));
        }
        return out;
    }

    private List<Integer> versions(String column) throws SQLException {
        List<Integer> out = new ArrayList<>();
        String sql = column.equals("blob") ? "SELECT get_byte(blob, 1) * 256 + get_byte(blob, 2) FROM secrets"
                : "SELECT split_part(token, ':', 2)::int FROM secrets WHERE token IS NOT NULL";
        for (Object[] row : rows(sql)) {
            out.add((Integer) row[0]);
        }
        return out;
    }

    private String token(long id) throws SQLException {
        return (String) rows("SELECT token FROM secrets WHERE id = " + id).get(0)[0];
    }

    private List<Object[]> rows(String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<Object[]> out = new ArrayList<>();
            while (rs.next()) {
                out.add(new Object[] {rs.getObject(1), rs.getMetaData().getColumnCount() > 1 ? rs.getObject(2) : null});
            }
            return out;
        }
    }
}
