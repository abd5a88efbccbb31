package dev.tenantry.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantry.serverconfig.PostgresRoles;
import dev.tenantry.tenancy.TenantEntityManagers;
import dev.tenantry.tenancy.TenantId;
import jakarta.persistence.EntityManager;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.jasypt.encryption.pbe.StandardPBEByteEncryptor;
import org.jasypt.encryption.pbe.StandardPBEStringEncryptor;
import org.jasypt.iv.NoIvGenerator;
import org.jasypt.iv.RandomIvGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Adopting a column that a real Jasypt {@code StandardPBEStringEncryptor} filled before Tenantry
 * (as jasypt-hibernate or Spring's Jasypt integration would have): with the legacy engine
 * configured, reads decrypt Jasypt and Tenantry values side by side, writes use the key ring, and
 * the rotation re-seals 3,000 values over five tenants under row-level security, as
 * {@code tenantry_app}, while the application keeps writing, interrupted twice (an operator's
 * Ctrl-C, then its database connection killed mid-batch) and resumed. Every value reads back
 * identical, and no legacy value is left.
 */
class LegacyJasyptAdoptionTest {

    private static final String LEGACY_PASSWORD = "the-password-jasypt-hibernate-used";
    private static final int TENANTS = 5;
    /** Three batches of 200 a tenant: the operator stops the seventh (in the third tenant), 1,800 values remain. */
    private static final int PER_TENANT = 600;

    private TenantVaults vaults;

    @AfterEach
    void close() {
        for (String key : List.of(CryptoSettings.KEYS, JasyptPbeEngine.LEGACY_PREFIX + "password",
                JasyptPbeEngine.LEGACY_PREFIX + "algorithm")) {
            System.clearProperty(key);
        }
        Encryption.reset();
        if (vaults != null) {
            vaults.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"PBEWithMD5AndDES", "PBEWITHHMACSHA512ANDAES_256"})
    void jasyptValuesAreRotatedWhileTheAppWritesInterruptedAndResumed(String algorithm) throws Exception {
        vaults = new TenantVaults("legacy_" + algorithm.toLowerCase().replace('_', 'x'), TENANTS);
        Map<UUID, String> expected = new ConcurrentHashMap<>();
        Map<UUID, TenantId> tenantOf = new ConcurrentHashMap<>();
        fillWithJasypt(algorithm, expected, tenantOf);
        // the documented configuration: the key ring, plus the Jasypt settings the old code used
        System.setProperty(CryptoSettings.KEYS, "1:" + KeyRingTest.KEY1);
        System.setProperty(JasyptPbeEngine.LEGACY_PREFIX + "password", LEGACY_PASSWORD);
        System.setProperty(JasyptPbeEngine.LEGACY_PREFIX + "algorithm", algorithm);
        Encryption.install(ColumnEncryption.fromConfiguration());

        // reads decrypt Jasypt values; a write re-seals with the key ring, bound to the tenant
        List<UUID> ids = new ArrayList<>(expected.keySet());
        for (UUID id : ids.subList(0, 50)) {
            assertThat(vaults.read(tenantOf.get(id), id).getSecret()).isEqualTo(expected.get(id));
        }
        UUID written = ids.get(0);
        vaults.inTenantDo(tenantOf.get(written), em -> em.find(Vault.class, written).setSecret("written by the app"));
        expected.put(written, "written by the app");
        assertThat(vaults.db.rows("select secret from vaults where id = '" + written + "'").get(0)).startsWith("tnc2:1:");

        // the application keeps writing while the rotation runs
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger writes = new AtomicInteger();
        Thread writer = new Thread(() -> {
            Random random = new Random(42);
            while (!stop.get()) {
                UUID id = ids.get(random.nextInt(ids.size()));
                String value = "rewritten-" + writes.get() + "-🔐";
                vaults.inTenantDo(tenantOf.get(id), em -> em.find(Vault.class, id).setSecret(value));
                expected.put(id, value);
                writes.incrementAndGet();
            }
        }, "application-writer");
        writer.start();
        try {
            DataSource rotationPool = rotationDataSource();
            EncryptedColumn secret = EncryptedColumn.parse("vaults.secret");
            ColumnEncryption columns = Encryption.columns();

            // 1. interrupted by the operator after a few batches
            AtomicInteger batches = new AtomicInteger();
            assertThatThrownBy(() -> new KeyRotation(rotationPool, columns).rotate(secret, 200, line -> {
                if (batches.incrementAndGet() == 7) {
                    throw new IllegalStateException("operator pressed Ctrl-C");
                }
            })).hasMessageContaining("Ctrl-C");
            long legacyAfterFirst = count("secret NOT LIKE 'tnc_:%'");
            assertThat(legacyAfterFirst).isLessThan(TENANTS * PER_TENANT - 6 * 200 + 1).isPositive();
            for (UUID id : ids.subList(0, 100)) {   // halfway, everything reads
                assertThat(vaults.read(tenantOf.get(id), id).getSecret()).isNotNull();
            }

            // 2. its database connection killed in the middle of a batch
            AtomicBoolean rotating = new AtomicBoolean(true);
            Thread killer = new Thread(() -> {
                while (rotating.get() && count("secret NOT LIKE 'tnc_:%'") > legacyAfterFirst - 400) {
                    sleep(2);
                }
                while (rotating.get()) {
                    vaults.db.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name"
                            + " = 'tenantry-rotation'");
                    sleep(3);
                }
            }, "connection-killer");
            killer.start();
            try {
                assertThatThrownBy(() -> new KeyRotation(rotationPool, columns).rotate(secret, 200, line -> { }))
                        .isInstanceOf(CryptoException.class).hasMessageContaining("run it again to continue");
            } finally {
                rotating.set(false);
                killer.join();
            }
            assertThat(count("secret NOT LIKE 'tnc_:%'")).isPositive();

            // 3. resumed to the end, the application still writing
            RotationReport done = new KeyRotation(rotationPool, columns).rotate(secret, 200, line -> { });
            assertThat(done.unreadable()).isZero();
            assertThat(done.tenants()).isEqualTo(TENANTS);
            assertThat(done.legacy()).isZero();
            RotationReport blobs = new KeyRotation(rotationPool, columns).rotate(EncryptedColumn.parse("vaults.blob:bytes"),
                    500, line -> { });
            assertThat(blobs.legacy()).isZero();
            assertThat(blobs.remaining()).isZero();
        } finally {
            stop.set(true);
            writer.join();
        }
        assertThat(writes.get()).as("writes while rotating").isGreaterThan(10);
        assertThat(count("secret NOT LIKE 'tnc2:1:%'")).isZero();
        assertThat(count("secret IS NULL")).isZero();

        // every value reads back identical, through the application's tenant EntityManagers
        int checked = 0;
        for (TenantId tenant : vaults.tenants) {
            vaults.emf.getCache().evictAll();
            EntityManager em = TenantEntityManagers.open(vaults.emf, tenant);
            try {
                for (Vault v : em.createQuery("SELECT v FROM Vault v", Vault.class).getResultList()) {
                    assertThat(v.getSecret()).as("row %s", v.getId()).isEqualTo(expected.get(v.getId()));
                    if (v.getBlob() != null) {
                        assertThat(new String(v.getBlob(), StandardCharsets.UTF_8)).isEqualTo("blob of " + v.getId());
                    }
                    checked++;
                }
            } finally {
                em.close();
            }
        }
        assertThat(checked).isEqualTo(TENANTS * PER_TENANT);
    }

    @Test
    void aWrongLegacyPasswordIsATypedErrorAndTheRotationRefusesBeforeChangingAnything() throws Exception {
        vaults = new TenantVaults("legacy_wrong", 2);
        StandardPBEStringEncryptor jasypt = jasypt("PBEWithMD5AndDES", LEGACY_PASSWORD);
        List<UUID> ids = new ArrayList<>();
        try (Connection c = vaults.db.endpoint().connect();
             PreparedStatement ps = c.prepareStatement("INSERT INTO vaults VALUES (?, ?, now(), now(), 1, ?, NULL, NULL)")) {
            for (int i = 0; i < 40; i++) {
                UUID id = UUID.randomUUID();
                ps.setObject(1, vaults.tenants.get(i % 2).value());
                ps.setObject(2, id);
                ps.setString(3, jasypt.encrypt("legacy value " + i));
                ps.executeUpdate();
                ids.add(id);
            }
        }
        ColumnEncryption wrong = ColumnEncryption.builder().keyRing(KeyRing.parse("1:" + KeyRingTest.KEY1, null))
                .legacy(JasyptPbeEngine.create("not-the-password", "PBEWithMD5AndDES", 1000,
                        new org.jasypt.salt.RandomSaltGenerator(), new NoIvGenerator(), 1, null, "base64"), null)
                .build();
        Encryption.install(wrong);
        int typed = 0;
        for (int i = 0; i < ids.size(); i++) {
            UUID id = ids.get(i);
            try {
                // unauthenticated CBC lets one wrong password in 256 through; the UTF-8 check refuses nearly all of those
                assertThat(vaults.read(vaults.tenants.get(i % 2), id).getSecret()).isNotEqualTo("legacy value " + i);
            } catch (DecryptionFailedException e) {
                assertThat(e).hasMessageStartingWith("Cannot decrypt Vault.secret:").hasMessageContaining("legacy engine")
                        .hasMessageNotContaining(LEGACY_PASSWORD).hasMessageNotContaining("not-the-password");
                typed++;
            }
        }
        assertThat(typed).isEqualTo(ids.size());

        List<String> before = vaults.db.rows("select secret from vaults order by id");
        assertThatThrownBy(() -> new KeyRotation(vaults.as(PostgresRoles.RUNTIME), wrong)
                .rotate(EncryptedColumn.parse("vaults.secret"), 10, line -> { }))
                .isInstanceOf(CryptoException.class).hasMessageContaining("refused")
                .hasMessageContaining("Nothing was changed").hasMessageNotContaining("not-the-password");
        assertThat(vaults.db.rows("select secret from vaults order by id")).isEqualTo(before);
    }

    @Test
    void aJasyptBlobWhoseRandomSaltLooksLikeATenantryHeaderIsStillBoundToItsTenant() throws Exception {
        vaults = new TenantVaults("legacy_header", 1);
        StandardPBEByteEncryptor bytes = new StandardPBEByteEncryptor();
        bytes.setPassword(LEGACY_PASSWORD);
        byte[] lookalike;
        do {   // salt first: one value in 256 starts with the tnc2 format byte; half of those have flag bit 0 clear
            lookalike = bytes.encrypt("blob with a lookalike header".getBytes(StandardCharsets.UTF_8));
        } while (lookalike[0] != 0x02 || (lookalike[3] & 1) != 0);
        UUID id = UUID.randomUUID();
        try (Connection c = vaults.db.endpoint().connect();
             PreparedStatement ps = c.prepareStatement("INSERT INTO vaults VALUES (?, ?, now(), now(), 1, NULL, NULL, ?)")) {
            ps.setObject(1, vaults.tenants.get(0).value());
            ps.setObject(2, id);
            ps.setBytes(3, lookalike);
            ps.executeUpdate();
        }
        ColumnEncryption columns = ColumnEncryption.builder().keyRing(KeyRing.parse("1:" + KeyRingTest.KEY1, null))
                .legacy(jasypt("PBEWithMD5AndDES", LEGACY_PASSWORD), bytes).build();
        Encryption.install(columns);
        assertThat(vaults.read(vaults.tenants.get(0), id).getBlob()).asString(StandardCharsets.UTF_8)
                .isEqualTo("blob with a lookalike header");

        RotationReport report = new KeyRotation(vaults.as(PostgresRoles.RUNTIME), columns)
                .rotate(EncryptedColumn.parse("vaults.blob:bytes"), 10, line -> { });
        assertThat(report.rotated()).isEqualTo(1);
        assertThat(vaults.read(vaults.tenants.get(0), id).getBlob()).asString(StandardCharsets.UTF_8)
                .isEqualTo("blob with a lookalike header");
    }

    private void fillWithJasypt(String algorithm, Map<UUID, String> expected, Map<UUID, TenantId> tenantOf) throws Exception {
        StandardPBEStringEncryptor strings = jasypt(algorithm, LEGACY_PASSWORD);
        StandardPBEByteEncryptor bytes = new StandardPBEByteEncryptor();
        bytes.setAlgorithm(algorithm);
        bytes.setPassword(LEGACY_PASSWORD);
        bytes.setIvGenerator(algorithm.contains("AES") ? new RandomIvGenerator() : new NoIvGenerator());
        try (Connection c = vaults.db.endpoint().connect();
             PreparedStatement ps = c.prepareStatement("INSERT INTO vaults VALUES (?, ?, now(), now(), 1, ?, NULL, ?)")) {
            c.setAutoCommit(false);
            int n = 0;
            for (TenantId tenant : vaults.tenants) {
                for (int i = 0; i < PER_TENANT; i++) {
                    UUID id = UUID.randomUUID();
                    String value = "legacy-" + tenant.value() + "-" + i + (i % 3 == 0 ? "-ünïcødé" : "");
                    ps.setObject(1, tenant.value());
                    ps.setObject(2, id);
                    ps.setString(3, strings.encrypt(value));
                    ps.setBytes(4, i % 10 == 0 ? bytes.encrypt(("blob of " + id).getBytes(StandardCharsets.UTF_8)) : null);
                    ps.addBatch();
                    expected.put(id, value);
                    tenantOf.put(id, tenant);
                    if (++n % 500 == 0) {
                        ps.executeBatch();
                    }
                }
            }
            ps.executeBatch();
            c.commit();
        }
        assertThat(count("secret NOT LIKE 'tnc_:%'")).isEqualTo(TENANTS * PER_TENANT);
    }

    private static StandardPBEStringEncryptor jasypt(String algorithm, String password) {
        StandardPBEStringEncryptor e = new StandardPBEStringEncryptor();
        e.setAlgorithm(algorithm);
        e.setPassword(password);
        e.setIvGenerator(algorithm.contains("AES") ? new RandomIvGenerator() : new NoIvGenerator());
        return e;
    }

    private DataSource rotationDataSource() {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(vaults.db.endpoint().jdbcUrl());
        ds.setUser(PostgresRoles.RUNTIME);
        ds.setApplicationName("tenantry-rotation");
        return ds;
    }

    private long count(String predicate) {
        try (Connection c = vaults.db.endpoint().connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM vaults WHERE " + predicate)) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
