package dev.tenantry.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantry.crypto.internal.DecryptionFailures;
import dev.tenantry.embedded.TestDatabase;
import dev.tenantry.embedded.Transactions;
import dev.tenantry.persistence.metrics.Counter;
import dev.tenantry.persistence.metrics.TenantryMetrics;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.function.Consumer;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EncryptedConvertersTest {

    private static final String SECRET_TOKEN = "tok_live_9f8e7d6c5b4a-SECRET";

    private TestDatabase db;
    private EntityManagerFactory emf;

    @BeforeAll
    void setUp() throws Exception {
        db = TestDatabase.create("crypto");
        sql("CREATE TABLE credentials (id bigint PRIMARY KEY, label text, token text, private_key bytea)");
        Encryption.install(KeyRing.parse("1:" + KeyRingTest.KEY1, null));
        emf = Persistence.createEntityManagerFactory("crypto-test", db.endpoint().jpaProperties());
    }

    @AfterAll
    void tearDown() {
        emf.close();
        db.close();
        Encryption.reset();
    }

    @Test
    void stringAndBytesRoundTripAndTheColumnsHoldNoPlaintext() throws Exception {
        byte[] privateKey = new byte[1 << 20];
        new SecureRandom().nextBytes(privateKey);
        inTx(em -> em.persist(new Credential(1L, "github", SECRET_TOKEN, privateKey)));
        inTx(em -> em.persist(new Credential(2L, "empty", "", new byte[0])));
        inTx(em -> em.persist(new Credential(3L, "nothing", null, null)));
        inTx(em -> em.persist(new Credential(4L, "unicode", "пароль-密码-🔑", null)));

        EntityManager em = emf.createEntityManager();
        try {
            assertThat(em.find(Credential.class, 1L).getToken()).isEqualTo(SECRET_TOKEN);
            assertThat(em.find(Credential.class, 1L).getPrivateKey()).isEqualTo(privateKey);
            assertThat(em.find(Credential.class, 2L).getToken()).isEmpty();
            assertThat(em.find(Credential.class, 2L).getPrivateKey()).isEmpty();
            assertThat(em.find(Credential.class, 3L).getToken()).isNull();
            assertThat(em.find(Credential.class, 3L).getPrivateKey()).isNull();
            assertThat(em.find(Credential.class, 4L).getToken()).isEqualTo("пароль-密码-🔑");
        } finally {
            em.close();
        }
        assertThat(sql("select token from credentials where id = 1")).startsWith("tnc2:1:").doesNotContain("SECRET");
        assertThat(sql("select token is null and private_key is null from credentials where id = 3")).isEqualTo("t");
        assertThat(sql("select get_byte(private_key, 0) from credentials where id = 1")).isEqualTo("2");
    }

    @Test
    void aTamperedValueFailsNamingEntityAndAttribute() throws Exception {
        inTx(em -> em.persist(new Credential(10L, "tampered", SECRET_TOKEN, new byte[] {1, 2, 3})));
        String stored = sql("select token from credentials where id = 10");
        String flipped = stored.substring(0, stored.length() - 6) + (stored.charAt(stored.length() - 6) == 'A' ? 'B' : 'A')
                + stored.substring(stored.length() - 5);
        sql("update credentials set token = '" + flipped + "' where id = 10");
        sql("update credentials set private_key = substring(private_key from 1 for 20) where id = 10");
        emf.getCache().evictAll();   // read the changed row, not the cached entity
        long failures = DecryptionFailures.count();
        Counter exported = TenantryMetrics.counter(TenantryMetrics.DECRYPTION_FAILURES, "");
        long exportedBefore = exported.count();

        EntityManager em = emf.createEntityManager();
        try {
            assertThatThrownBy(() -> em.find(Credential.class, 10L))
                    .isInstanceOfSatisfying(DecryptionFailedException.class, e -> {
                        assertThat(e.entity()).contains("Credential");
                        assertThat(e.attribute().orElseThrow()).isIn("token", "privateKey");
                    })
                    .hasMessageStartingWith("Cannot decrypt Credential.")
                    .hasMessageNotContaining(stored).hasMessageNotContaining(flipped).hasMessageNotContaining(SECRET_TOKEN);
        } finally {
            em.close();
        }
        // operators see it at the metrics endpoint (the persistence module beside the crypto jar)
        assertThat(DecryptionFailures.count()).isEqualTo(failures + 1);
        assertThat(exported.count()).isEqualTo(exportedBefore + 1);
    }

    @Test
    void noLogLineOrOutputContainsTheKeyThePlaintextOrTheCiphertext() throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream out = System.out;
        PrintStream err = System.err;
        LogCapture handler = new LogCapture();
        Logger root = Logger.getLogger("");
        root.addHandler(handler);
        PrintStream tee = new PrintStream(captured, true, StandardCharsets.UTF_8);
        System.setOut(tee);
        System.setErr(tee);
        String ciphertext = null;
        try {
            inTx(em -> em.persist(new Credential(20L, "logged", SECRET_TOKEN, SECRET_TOKEN.getBytes(StandardCharsets.UTF_8))));
            inTx(em -> em.find(Credential.class, 20L).setToken(SECRET_TOKEN + "-2"));
            ciphertext = sql("select token from credentials where id = 20");
            sql("update credentials set token = 'tnc2:1:AAAA' || substring(token from 12) where id = 20");
            emf.getCache().evictAll();
            EntityManager em = emf.createEntityManager();
            try {
                em.find(Credential.class, 20L);
            } catch (DecryptionFailedException expected) {
                Logger.getLogger("test").log(java.util.logging.Level.WARNING, "read failed", expected);
            } finally {
                em.close();
            }
            try {
                KeyRing.parse("1:" + KeyRingTest.KEY1.substring(4), null);
            } catch (KeyConfigurationException expected) {
                Logger.getLogger("test").log(java.util.logging.Level.WARNING, expected.getMessage());
            }
        } finally {
            System.setOut(out);
            System.setErr(err);
            root.removeHandler(handler);
        }
        String everything = captured.toString(StandardCharsets.UTF_8) + handler.text();
        assertThat(everything).contains("INSERT INTO credentials");   // logging was on
        assertThat(everything).doesNotContain(SECRET_TOKEN).doesNotContain(KeyRingTest.KEY1)
                .doesNotContain(ciphertext.substring(7, 40));
    }

    private void inTx(Consumer<EntityManager> work) {
        Transactions.inTransaction(emf.createEntityManager(), em -> {
            work.accept(em);
            return null;
        });
    }

    private String sql(String statement) throws Exception {
        try (Connection c = db.endpoint().connect(); Statement s = c.createStatement()) {
            if (!s.execute(statement)) {
                return null;
            }
            try (ResultSet rs = s.getResultSet()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
