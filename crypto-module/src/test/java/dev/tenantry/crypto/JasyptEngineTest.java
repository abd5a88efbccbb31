package dev.tenantry.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantry.embedded.TestDatabase;
import dev.tenantry.embedded.Transactions;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jasypt.encryption.StringEncryptor;
import org.jasypt.encryption.pbe.StandardPBEByteEncryptor;
import org.jasypt.encryption.pbe.StandardPBEStringEncryptor;
import org.jasypt.exceptions.EncryptionOperationNotPossibleException;
import org.jasypt.iv.RandomIvGenerator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The engine is chosen by configuration: Tenantry's key ring by default, or a Jasypt PBE encryptor
 * from the documented settings (its password given as {@code ENC(...)}), writing what a plain Jasypt
 * encryptor with the same settings reads, through JPA on real PostgreSQL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JasyptEngineTest {

    private static final String JASYPT_PASSWORD = "a jasypt password from the vault";
    private static final String CONFIG_PASSWORD = "the configuration password";
    private static final List<String> KEYS = List.of(CryptoSettings.ENGINE, CryptoSettings.KEYS, CryptoSettings.CONFIG_PASSWORD,
            CryptoSettings.REQUIRE_BOUND, CryptoSettings.MODE, "tenantry.crypto.jasypt.password", "tenantry.crypto.jasypt.algorithm",
            "tenantry.crypto.jasypt.pool-size", "tenantry.crypto.jasypt.iterations", "tenantry.crypto.jasypt.iv-generator",
            "tenantry.crypto.jasypt.salt-generator", "tenantry.crypto.jasypt.output-type", "tenantry.crypto.legacy.password",
            "tenantry.crypto.legacy.algorithm");

    private TestDatabase db;
    private EntityManagerFactory emf;

    @BeforeAll
    void database() throws Exception {
        db = TestDatabase.create("jasypt_engine");
        db.execute("CREATE TABLE credentials (id bigint PRIMARY KEY, label text, token text, private_key bytea)");
        emf = Persistence.createEntityManagerFactory("crypto-test",
                db.endpoint().jpaProperties(Map.of("eclipselink.logging.level", "WARNING")));
    }

    @AfterAll
    void close() {
        emf.close();
        db.close();
    }

    @AfterEach
    void clear() {
        KEYS.forEach(System::clearProperty);
        Encryption.reset();
        db.execute("DELETE FROM credentials");
    }

    @Test
    void byDefaultTheKeyRingEncryptorIsTheEngineBehindJasyptsInterfaces() {
        System.setProperty(CryptoSettings.KEYS, "1:" + KeyRingTest.KEY1);
        ColumnEncryption columns = ColumnEncryption.fromConfiguration();
        assertThat(columns.engine()).isInstanceOf(KeyRingEncryptor.class).isInstanceOf(StringEncryptor.class);
        assertThat(columns.bindsPlaces()).isTrue();
        StringEncryptor jasyptView = columns.engine();
        assertThat(jasyptView.decrypt(jasyptView.encrypt("through Jasypt's interface"))).isEqualTo("through Jasypt's interface");
        assertThat(columns.toString()).doesNotContain(KeyRingTest.KEY1);
    }

    @Test
    void aJasyptPbeEngineSelectedByConfigurationWritesWhatPlainJasyptReads() throws Exception {
        System.setProperty(CryptoSettings.CONFIG_PASSWORD, CONFIG_PASSWORD);
        System.setProperty(CryptoSettings.ENGINE, "jasypt-pbe");
        System.setProperty("tenantry.crypto.jasypt.password", EncryptedConfigSource.encrypt(JASYPT_PASSWORD, CONFIG_PASSWORD));
        System.setProperty("tenantry.crypto.jasypt.algorithm", "PBEWITHHMACSHA512ANDAES_256");
        System.setProperty("tenantry.crypto.jasypt.pool-size", "2");
        // a value the key ring wrote before the switch stays readable while the keys are configured
        System.setProperty(CryptoSettings.KEYS, "1:" + KeyRingTest.KEY1);
        Encryption.install(KeyRing.parse("1:" + KeyRingTest.KEY1, null));
        inTx(em -> em.persist(new Credential(1L, "before", "sealed by the key ring", null)));

        ColumnEncryption columns = ColumnEncryption.fromConfiguration();
        Encryption.install(columns);
        assertThat(columns.engine()).isInstanceOf(JasyptPbeEngine.class);
        assertThat(columns.bindsPlaces()).isFalse();
        assertThat(columns.toString()).contains("PBEWITHHMACSHA512ANDAES_256").contains("pool 2")
                .doesNotContain(JASYPT_PASSWORD).doesNotContain(KeyRingTest.KEY1);
        inTx(em -> em.persist(new Credential(2L, "after", "written by jasypt", "bytes too".getBytes(StandardCharsets.UTF_8))));

        String token = sql("select token from credentials where id = 2");
        assertThat(token).doesNotStartWith("tnc").doesNotContain("written");
        StandardPBEStringEncryptor plain = new StandardPBEStringEncryptor();
        plain.setAlgorithm("PBEWITHHMACSHA512ANDAES_256");
        plain.setIvGenerator(new RandomIvGenerator());
        plain.setPassword(JASYPT_PASSWORD);
        assertThat(plain.decrypt(token)).isEqualTo("written by jasypt");
        StandardPBEByteEncryptor plainBytes = new StandardPBEByteEncryptor();
        plainBytes.setAlgorithm("PBEWITHHMACSHA512ANDAES_256");
        plainBytes.setIvGenerator(new RandomIvGenerator());
        plainBytes.setPassword(JASYPT_PASSWORD);
        byte[] blob = java.util.Base64.getDecoder().decode(sql("select encode(private_key, 'base64') from credentials where id = 2")
                .replace("\n", ""));
        assertThat(new String(plainBytes.decrypt(blob), StandardCharsets.UTF_8)).isEqualTo("bytes too");

        emf.getCache().evictAll();
        EntityManager em = emf.createEntityManager();
        try {
            assertThat(em.find(Credential.class, 1L).getToken()).isEqualTo("sealed by the key ring");
            assertThat(em.find(Credential.class, 2L).getToken()).isEqualTo("written by jasypt");
            assertThat(em.find(Credential.class, 2L).getPrivateKey()).asString(StandardCharsets.UTF_8).isEqualTo("bytes too");
        } finally {
            em.close();
        }
    }

    @Test
    void everyJasyptSettingIsReadAndHexOutputWorks() {
        System.setProperty(CryptoSettings.ENGINE, "jasypt-pbe");
        System.setProperty("tenantry.crypto.jasypt.password", JASYPT_PASSWORD);
        System.setProperty("tenantry.crypto.jasypt.algorithm", "PBEWithMD5AndTripleDES");
        System.setProperty("tenantry.crypto.jasypt.iterations", "17");
        System.setProperty("tenantry.crypto.jasypt.salt-generator", "org.jasypt.salt.RandomSaltGenerator");
        System.setProperty("tenantry.crypto.jasypt.iv-generator", "none");
        System.setProperty("tenantry.crypto.jasypt.output-type", "hexadecimal");
        ColumnEncryption columns = ColumnEncryption.fromConfiguration();
        String stored = columns.encrypt("hex please", Place.of("t", "c"));
        assertThat(stored).matches("[0-9A-F]+");
        StandardPBEStringEncryptor plain = new StandardPBEStringEncryptor();
        plain.setAlgorithm("PBEWithMD5AndTripleDES");
        plain.setKeyObtentionIterations(17);
        plain.setStringOutputType("hexadecimal");
        plain.setPassword(JASYPT_PASSWORD);
        assertThat(plain.decrypt(stored)).isEqualTo("hex please");
        assertThat(columns.decrypt(stored, Place.of("t", "c"))).isEqualTo("hex please");
    }

    @Test
    void aLegacyValueThatTheNewPasswordLetsThroughThePaddingCheckStillOpensWithTheLegacyEngine() {
        String oldPassword = "the password before the vault";
        System.setProperty(CryptoSettings.ENGINE, "jasypt-pbe");
        System.setProperty("tenantry.crypto.jasypt.password", JASYPT_PASSWORD);
        System.setProperty("tenantry.crypto.legacy.password", oldPassword);
        LogCapture logged = new LogCapture();
        java.util.logging.Logger log = java.util.logging.Logger.getLogger(ColumnEncryption.class.getName());
        log.addHandler(logged);
        ColumnEncryption columns;
        try {
            columns = ColumnEncryption.fromConfiguration();
        } finally {
            log.removeHandler(logged);
        }
        assertThat(logged.records()).as("the start-up warns that byte[] values of two Jasypt engines cannot be told apart")
                .anySatisfy(r -> assertThat(r.getMessage()).contains("Two Jasypt engines").contains("byte[]"))
                .allSatisfy(r -> assertThat(r.getMessage()).doesNotContain(oldPassword).doesNotContain(JASYPT_PASSWORD));
        StandardPBEStringEncryptor before = new StandardPBEStringEncryptor();
        before.setPassword(oldPassword);
        StandardPBEStringEncryptor now = new StandardPBEStringEncryptor();
        now.setPassword(JASYPT_PASSWORD);
        // about one old value in 256 passes DES-CBC's padding check under the new password: plain Jasypt reads it as garbage
        String value = "a note written before the switch";
        int garbled = 0;
        for (int i = 0; i < 20_000 && garbled < 3; i++) {
            String stored = before.encrypt(value);
            try {
                assertThat(now.decrypt(stored)).isNotEqualTo(value);
            } catch (EncryptionOperationNotPossibleException usual) {
                continue;
            }
            garbled++;
            assertThat(columns.decrypt(stored, Place.of("credentials", "token"))).isEqualTo(value);
        }
        assertThat(garbled).as("old values plain Jasypt opens as garbage under the new password").isEqualTo(3);
    }

    @Test
    void everyTextPlainJasyptWritesStillOpensDespiteTheUtf8Check() {
        // what a Java string can hold, unpaired surrogates included (Jasypt writes those as '?')
        java.util.Random random = new java.util.Random(20261201);
        StandardPBEStringEncryptor plain = new StandardPBEStringEncryptor();
        plain.setAlgorithm("PBEWITHHMACSHA512ANDAES_256");
        plain.setIvGenerator(new RandomIvGenerator());
        plain.setKeyObtentionIterations(10);
        plain.setPassword(JASYPT_PASSWORD);
        JasyptPbeEngine engine = JasyptPbeEngine.create(JASYPT_PASSWORD, "PBEWITHHMACSHA512ANDAES_256", 10,
                new org.jasypt.salt.RandomSaltGenerator(), new RandomIvGenerator(), 1, null, "base64");
        for (int i = 0; i < 300; i++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(40);
            for (int j = 0; j < length; j++) {
                text.append(switch (random.nextInt(5)) {
                    case 0 -> (char) random.nextInt(0x80);                            // ASCII, controls included
                    case 1 -> (char) (0x80 + random.nextInt(0x780));                  // two UTF-8 bytes
                    case 2 -> (char) (0x800 + random.nextInt(0xD000));                // three (below the surrogates)
                    case 3 -> new String(Character.toChars(0x10000 + random.nextInt(0xFFFFF)));  // a pair: four
                    default -> (char) (0xD800 + random.nextInt(0x800));               // a lone surrogate
                });
            }
            String value = text.toString();
            String stored = plain.encrypt(value);
            assertThat(engine.decrypt(stored)).as("value %d", i).isEqualTo(plain.decrypt(stored));
        }
    }

    @Test
    void misconfigurationFailsNamingTheSettingAndNeverThePassword() {
        System.setProperty(CryptoSettings.ENGINE, "aes-ecb");
        assertThatThrownBy(ColumnEncryption::fromConfiguration).isInstanceOf(KeyConfigurationException.class)
                .hasMessageContaining("TENANTRY_CRYPTO_ENGINE").hasMessageContaining("key-ring").hasMessageContaining("jasypt-pbe");

        System.setProperty(CryptoSettings.ENGINE, "jasypt-pbe");
        assertThatThrownBy(ColumnEncryption::fromConfiguration).isInstanceOf(KeyConfigurationException.class)
                .hasMessageContaining("TENANTRY_CRYPTO_JASYPT_PASSWORD");

        System.setProperty("tenantry.crypto.jasypt.password", JASYPT_PASSWORD);
        for (String[] bad : new String[][] {
            {"tenantry.crypto.jasypt.algorithm", "PBEWithNoSuchThing", "cannot start"},
            {"tenantry.crypto.jasypt.pool-size", "zero", "tenantry.crypto.jasypt.pool-size"},
            {"tenantry.crypto.jasypt.iterations", "-5", "tenantry.crypto.jasypt.iterations"},
            {"tenantry.crypto.jasypt.iv-generator", "com.example.Missing", "tenantry.crypto.jasypt.iv-generator"},
            {"tenantry.crypto.jasypt.salt-generator", "java.lang.String", "SaltGenerator"},
            {"tenantry.crypto.jasypt.output-type", "base32", "base64 or hexadecimal"}}) {
            System.setProperty(bad[0], bad[1]);
            assertThatThrownBy(ColumnEncryption::fromConfiguration).as(bad[0]).isInstanceOf(KeyConfigurationException.class)
                    .hasMessageContaining(bad[2]).hasMessageNotContaining(JASYPT_PASSWORD);
            System.clearProperty(bad[0]);
        }

        System.setProperty(CryptoSettings.ENGINE, "key-ring");
        System.setProperty(CryptoSettings.KEYS, "1:" + KeyRingTest.KEY1);
        System.setProperty("tenantry.crypto.legacy.algorithm", "PBEWithMD5AndDES");
        assertThatThrownBy(ColumnEncryption::fromConfiguration).isInstanceOf(KeyConfigurationException.class)
                .hasMessageContaining("TENANTRY_CRYPTO_LEGACY_PASSWORD");
        System.setProperty(CryptoSettings.REQUIRE_BOUND, "yes");
        System.setProperty("tenantry.crypto.legacy.password", "legacy");
        assertThatThrownBy(ColumnEncryption::fromConfiguration).isInstanceOf(KeyConfigurationException.class)
                .hasMessageContaining(CryptoSettings.REQUIRE_BOUND);
    }

    @Test
    void aByteColumnNeedsAnEngineThatIsAlsoAByteEncryptor() {
        StandardPBEStringEncryptor stringsOnly = new StandardPBEStringEncryptor();
        stringsOnly.setPassword(JASYPT_PASSWORD);
        ColumnEncryption columns = ColumnEncryption.builder().engine(stringsOnly, null).build();
        assertThat(columns.decrypt(columns.encrypt("text works", null), null)).isEqualTo("text works");
        assertThatThrownBy(() -> columns.encrypt(new byte[] {1}, null)).isInstanceOf(CryptoException.class)
                .hasMessageContaining("ByteEncryptor");
        assertThatThrownBy(() -> ColumnEncryption.builder().build()).isInstanceOf(KeyConfigurationException.class);
    }

    private void inTx(Consumer<EntityManager> work) {
        Transactions.inTransaction(emf.createEntityManager(), em -> {
            work.accept(em);
            return null;
        });
    }

    private String sql(String query) throws Exception {
        try (Connection c = db.endpoint().connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
