package dev.tenantry.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantry.tenancy.TenantEntityManagers;
import dev.tenantry.tenancy.TenantId;
import jakarta.persistence.EntityManager;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Misuse of stored ciphertext on real PostgreSQL, with the tenant table under row-level security and
 * the application connecting as {@code tenantry_app}: values copied across tenants, columns and
 * tables, flipped bits, truncation, retired keys, unbound values under {@code require-bound}. Each
 * is a {@link DecryptionFailedException} naming entity and attribute; nothing is written by the
 * failing transaction; no value, plaintext or key reaches a message or the log.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TamperAndMisuseTest {

    private static final String SECRET_A = "tenant-a-secret-🔑-0123456789";
    private static final String SECRET_B = "tenant-b-secret-0123456789";
    private final KeyRing v1 = KeyRing.parse("1:" + KeyRingTest.KEY1, null);
    private final KeyRing v1v2 = KeyRing.parse("1:" + KeyRingTest.KEY1 + ",2:" + KeyRingTest.KEY2, null);

    private TenantVaults vaults;
    private TenantId a;
    private TenantId b;
    private UUID vaultA;
    private UUID vaultB;
    private final LogCapture capture = new LogCapture();

    @BeforeAll
    void database() throws Exception {
        vaults = new TenantVaults("tamper", 2);
        a = vaults.tenants.get(0);
        b = vaults.tenants.get(1);
        Logger.getLogger("").addHandler(capture);
    }

    @AfterAll
    void close() {
        Logger.getLogger("").removeHandler(capture);
        vaults.close();
        Encryption.reset();
    }

    @BeforeEach
    void oneVaultPerTenant() {
        Encryption.install(v1);
        vaults.db.execute("DELETE FROM vaults");
        vaultA = vaults.inTenant(a, em -> persist(em, new Vault(SECRET_A, "note of a", SECRET_A.getBytes(StandardCharsets.UTF_8))));
        vaultB = vaults.inTenant(b, em -> persist(em, new Vault(SECRET_B, "note of b", SECRET_B.getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void eachTenantReadsItsOwnValuesWhichAreBoundToTheirPlace() {
        assertThat(vaults.read(a, vaultA).getSecret()).isEqualTo(SECRET_A);
        assertThat(vaults.read(b, vaultB).getBlob()).asString(StandardCharsets.UTF_8).isEqualTo(SECRET_B);
        String stored = stored("secret", vaultA);
        assertThat(stored).startsWith("tnc2:1:");
        assertThat(KeyRing.tenantBound(stored)).contains(true);
        assertThat(vaults.db.rows("select get_byte(blob, 0) || ',' || get_byte(blob, 3) from vaults")).containsOnly("2,1");
        assertThat(new String(v1.openText(stored, Place.of("vaults", "secret").inTenant(a.value())), StandardCharsets.UTF_8))
                .isEqualTo(SECRET_A);
    }

    @Test
    void anEncryptedAttributeIsNoSortKeySoNoCursorCarriesItsValue() {
        // a keyset cursor holds the last row's sort value in the clear, and the stored order of
        // ciphertexts means nothing: a client asking to sort by an encrypted attribute is refused
        for (String attribute : java.util.List.of("secret", "note", "blob")) {
            for (String request : java.util.List.of(attribute, "-" + attribute)) {
                assertThatThrownBy(() -> vaults.inTenant(a, em -> new dev.tenantry.persistence.repository.Repository<>(Vault.class, em)
                        .keyset(new dev.tenantry.persistence.paging.KeysetRequest(dev.tenantry.persistence.paging.Order.parse(request), 1, null))))
                        .as(request).isInstanceOf(dev.tenantry.persistence.paging.InvalidSortException.class)
                        .hasMessageContaining("'" + attribute + "': it is encrypted").hasMessageNotContaining(SECRET_A);
                assertThatThrownBy(() -> vaults.inTenant(a, em -> new dev.tenantry.persistence.repository.Repository<>(Vault.class, em)
                        .page(new dev.tenantry.persistence.paging.PageRequest(0, 5, dev.tenantry.persistence.paging.Sort.parse(java.util.List.of(request))))))
                        .as(request).isInstanceOf(dev.tenantry.persistence.paging.InvalidSortException.class);
            }
        }
        // what the refusal offers instead, and the unknown-attribute message, leave them out too
        assertThatThrownBy(() -> vaults.inTenant(a, em -> new dev.tenantry.persistence.repository.Repository<>(Vault.class, em)
                .keyset(new dev.tenantry.persistence.paging.KeysetRequest(dev.tenantry.persistence.paging.Order.parse("nothing"), 1, null))))
                .isInstanceOf(dev.tenantry.persistence.paging.InvalidSortException.class)
                .hasMessageContaining("createdAt").hasMessageNotContaining("secret").hasMessageNotContaining("blob");
        // keyset pages by a plain attribute carry no encrypted value
        var page = vaults.inTenant(a, em -> new dev.tenantry.persistence.repository.Repository<>(Vault.class, em)
                .keyset(new dev.tenantry.persistence.paging.KeysetRequest(dev.tenantry.persistence.paging.Order.parse("createdAt"), 5, null)));
        assertThat(page.items()).hasSize(1);
    }

    @Test
    void aQueryComparingAnEncryptedAttributeIsRefusedInsteadOfSilentlyFindingNothing() {
        // each stored value is a ciphertext of its own: "WHERE secret = :s" could never match
        java.util.List<java.util.function.Function<EntityManager, Object>> comparisons = java.util.List.of(
                em -> em.createQuery("SELECT v FROM Vault v WHERE v.secret = :s", Vault.class).setParameter("s", SECRET_A).getResultList(),
                em -> em.createQuery("SELECT v FROM Vault v WHERE v.note LIKE 'note%'", Vault.class).getResultList(),
                em -> em.createQuery("SELECT v FROM Vault v WHERE UPPER(v.secret) = :s OR v.id IS NULL", Vault.class)
                        .setParameter("s", SECRET_A).getResultList(),
                em -> em.createQuery("SELECT v FROM Vault v WHERE v.secret IN (:s, :t)", Vault.class)
                        .setParameter("s", SECRET_A).setParameter("t", SECRET_B).getResultList(),
                em -> em.createQuery("SELECT count(v) FROM Vault v WHERE v.secret = :b", Long.class)
                        .setParameter("b", SECRET_A).getSingleResult(),
                em -> em.createQuery("SELECT v FROM Vault v WHERE v.blob = :b", Vault.class)
                        .setParameter("b", SECRET_A.getBytes(StandardCharsets.UTF_8)).getResultList(),
                em -> {
                    var cb = em.getCriteriaBuilder();
                    var q = cb.createQuery(Vault.class);
                    var v = q.from(Vault.class);
                    return em.createQuery(q.where(cb.equal(v.get("secret"), SECRET_A))).getResultList();
                },
                em -> em.createQuery("UPDATE Vault v SET v.note = 'x' WHERE v.secret = :s").setParameter("s", SECRET_A).executeUpdate(),
                em -> em.createQuery("DELETE FROM Vault v WHERE v.note = :n").setParameter("n", "note of a").executeUpdate());
        for (int i = 0; i < comparisons.size(); i++) {
            java.util.function.Function<EntityManager, Object> query = comparisons.get(i);
            Throwable refused = org.assertj.core.api.Assertions.catchThrowable(() -> vaults.inTenant(a, query::apply));
            assertThat(refused).as("query %d", i).isNotNull();
            Throwable typed = refused;
            while (typed != null && !(typed instanceof EncryptedQueryException)) {
                typed = typed.getCause();
            }
            assertThat(typed).as("query %d: %s", i, refused).isInstanceOf(EncryptedQueryException.class);
            assertThat(typed.getMessage()).containsPattern("Vault\\.(secret|note|blob)").contains("HMAC")
                    .doesNotContain(SECRET_A).doesNotContain("note of a");
        }
        assertThat(vaults.read(a, vaultA).getNote()).as("nothing changed").isEqualTo("note of a");
        // null tests and other attributes are fine
        java.util.List<Vault> found = vaults.inTenant(a, em -> em.createQuery("SELECT v FROM Vault v WHERE v.secret IS NOT NULL"
                + " AND v.note IS NOT NULL AND v.blob IS NOT NULL AND v.id = :id", Vault.class).setParameter("id", vaultA).getResultList());
        assertThat(found).hasSize(1);
        long unset = vaults.inTenant(a, em -> em.createQuery("SELECT count(v) FROM Vault v WHERE v.secret IS NULL", Long.class)
                .getSingleResult());
        assertThat(unset).isZero();
    }

    @Test
    void aValueCopiedIntoAnotherTenantsRowDoesNotDecryptThereAndTheTransactionWritesNothing() {
        // read, then written as literals: on Citus the two rows live on different shards
        String[] fromA = vaults.db.rows("SELECT secret || '|' || encode(blob, 'hex') FROM vaults WHERE id = '" + vaultA + "'")
                .get(0).split("\\|");
        vaults.db.execute("UPDATE vaults SET secret = '" + fromA[0] + "', blob = decode('" + fromA[1] + "', 'hex')"
                + " WHERE id = '" + vaultB + "'");
        String copied = stored("secret", vaultB);
        vaults.emf.getCache().evictAll();

        EntityManager em = TenantEntityManagers.open(vaults.emf, b);
        try {
            em.getTransaction().begin();
            em.persist(new Vault("written in the failing transaction", null, null));
            em.flush();
            assertThatThrownBy(() -> em.find(Vault.class, vaultB))
                    .isInstanceOfSatisfying(DecryptionFailedException.class, e -> {
                        assertThat(e.entity()).contains("Vault");
                        assertThat(e.attribute().orElseThrow()).isIn("secret", "blob");
                    })
                    .hasMessageContaining("copied from another row, column, table or tenant")
                    .hasMessageNotContaining(copied.substring(7, 30)).hasMessageNotContaining(SECRET_A);
        } finally {
            if (em.getTransaction().isActive()) {
                em.getTransaction().rollback();
            }
            em.close();
        }
        assertThat(vaults.db.rows("select count(*) from vaults")).containsExactly("2");
        assertThat(vaults.read(a, vaultA).getSecret()).isEqualTo(SECRET_A);   // the original is untouched
        assertNothingSecretLogged(copied);
    }

    @Test
    void aValueCopiedToAnotherColumnOrTableDoesNotDecryptThere() {
        vaults.db.execute("UPDATE vaults SET note = secret WHERE id = '" + vaultA + "'");
        assertThatThrownBy(() -> vaults.read(a, vaultA)).isInstanceOf(DecryptionFailedException.class)
                .hasMessageStartingWith("Cannot decrypt Vault.note:");

        vaults.db.execute("UPDATE vaults SET note = NULL WHERE id = '" + vaultA + "'");
        vaults.inTenant(a, em -> {
            em.persist(new Credential(1L, "global", "a global token", null));
            return null;
        });
        vaults.db.execute("UPDATE vaults SET secret = (SELECT token FROM credentials WHERE id = 1) WHERE id = '" + vaultA + "'");
        assertThatThrownBy(() -> vaults.read(a, vaultA)).isInstanceOf(DecryptionFailedException.class)
                .hasMessageStartingWith("Cannot decrypt Vault.secret:");

        // and a tenant's value moved into the global table fails there, without a tenant to read it with
        vaults.db.execute("UPDATE credentials SET token = (SELECT secret FROM vaults WHERE id = '" + vaultB + "') WHERE id = 1");
        vaults.emf.getCache().evictAll();
        EntityManager em = vaults.emf.createEntityManager();
        try {
            assertThatThrownBy(() -> em.find(Credential.class, 1L)).isInstanceOf(DecryptionFailedException.class)
                    .hasMessageStartingWith("Cannot decrypt Credential.token:").hasMessageContaining("belongs to a tenant");
        } finally {
            em.close();
        }
        vaults.db.execute("DELETE FROM credentials");
    }

    @Test
    void everyFlippedBitAndEveryTruncationFails() {
        String stored = stored("secret", vaultA);
        Place place = Place.of("vaults", "secret").inTenant(a.value());
        ColumnEncryption columns = Encryption.columns();
        String prefix = stored.substring(0, stored.indexOf(':', 5) + 1);
        byte[] body = Base64.getDecoder().decode(stored.substring(prefix.length()));
        int tried = 0;
        for (int bit = 0; bit < body.length * 8; bit++) {
            byte[] flipped = body.clone();
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));
            String tampered = prefix + Base64.getEncoder().encodeToString(flipped);
            assertThatThrownBy(() -> columns.decrypt(tampered, place)).isInstanceOf(DecryptionFailedException.class);
            tried++;
        }
        for (int length = 0; length < stored.length(); length++) {
            String cut = stored.substring(0, length);
            assertThatThrownBy(() -> columns.decrypt(cut, place)).isInstanceOf(DecryptionFailedException.class);
            tried++;
        }
        byte[] blob = vaults.db.rows("select encode(blob, 'base64') from vaults where id = '" + vaultA + "'").stream()
                .map(s -> Base64.getMimeDecoder().decode(s)).findFirst().orElseThrow();
        Place blobPlace = Place.of("vaults", "blob").inTenant(a.value());
        for (int bit = 0; bit < blob.length * 8; bit++) {
            byte[] flipped = blob.clone();
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThatThrownBy(() -> columns.decrypt(flipped, blobPlace)).isInstanceOf(DecryptionFailedException.class);
            tried++;
        }
        for (int length = 0; length < blob.length; length++) {
            byte[] cut = java.util.Arrays.copyOf(blob, length);
            assertThatThrownBy(() -> columns.decrypt(cut, blobPlace)).isInstanceOf(DecryptionFailedException.class);
            tried++;
        }
        assertThat(tried).isGreaterThan(1000);

        // one of each through JPA on the real row
        String flippedInDb = prefix + Base64.getEncoder().encodeToString(flipBit(body, body.length / 2));
        vaults.db.execute("UPDATE vaults SET secret = '" + flippedInDb + "' WHERE id = '" + vaultA + "'");
        assertThatThrownBy(() -> vaults.read(a, vaultA)).isInstanceOf(DecryptionFailedException.class)
                .hasMessageStartingWith("Cannot decrypt Vault.secret:").hasMessageNotContaining(flippedInDb.substring(7, 30));
        vaults.db.execute("UPDATE vaults SET secret = '" + stored + "', blob = substring(blob from 1 for 20) WHERE id = '"
                + vaultA + "'");
        assertThatThrownBy(() -> vaults.read(a, vaultA)).isInstanceOf(DecryptionFailedException.class)
                .hasMessageStartingWith("Cannot decrypt Vault.blob:");
        assertNothingSecretLogged(stored);
    }

    @Test
    void aValueSealedWithAKeyVersionNoLongerInTheRingFailsNamingTheVersion() {
        Encryption.install(KeyRing.parse("1:" + KeyRingTest.KEY1 + ",2:" + KeyRingTest.KEY2, "2"));
        vaults.inTenantDo(a, em -> em.find(Vault.class, vaultA).setSecret("sealed with key two"));
        assertThat(stored("secret", vaultA)).startsWith("tnc2:2:");

        Encryption.install(v1);   // key 2 retired too early
        assertThatThrownBy(() -> vaults.read(a, vaultA)).isInstanceOf(DecryptionFailedException.class)
                .hasMessageContaining("key version 2, which the key ring does not have")
                .hasMessageNotContaining(KeyRingTest.KEY2);
        Encryption.install(v1v2);
        assertThat(vaults.read(a, vaultA).getSecret()).isEqualTo("sealed with key two");
    }

    @Test
    void unboundValuesAreReadUntilRequireBoundIsOnAndRotationBindsThemToTheirTenant() {
        String unbound = v1.sealText("an old unbound value".getBytes(StandardCharsets.UTF_8));
        vaults.db.execute("UPDATE vaults SET secret = '" + unbound + "' WHERE id = '" + vaultA + "'");
        assertThat(vaults.read(a, vaultA).getSecret()).isEqualTo("an old unbound value");

        Encryption.install(ColumnEncryption.builder().keyRing(v1).requireBound(true).build());
        assertThatThrownBy(() -> vaults.read(a, vaultA)).isInstanceOf(DecryptionFailedException.class)
                .hasMessageContaining("tenantry.crypto.require-bound");

        RotationReport report = new KeyRotation(vaults.as("tenantry_app"), Encryption.columns())
                .rotate(EncryptedColumn.parse("vaults.secret"), 10, line -> { });
        assertThat(report.rotated()).isEqualTo(1);
        assertThat(report.remaining()).isZero();
        assertThat(report.tenants()).isEqualTo(2);
        assertThat(KeyRing.tenantBound(stored("secret", vaultA))).contains(true);
        assertThat(vaults.read(a, vaultA).getSecret()).isEqualTo("an old unbound value");
    }

    @Test
    void aValueThatIsNoCiphertextAtAllFailsAndSaysHowToReadJasyptValues() {
        vaults.db.execute("UPDATE vaults SET secret = 'plain text someone wrote' WHERE id = '" + vaultA + "'");
        assertThatThrownBy(() -> vaults.read(a, vaultA)).isInstanceOf(DecryptionFailedException.class)
                .hasMessageContaining("not a Tenantry ciphertext").hasMessageContaining("TENANTRY_CRYPTO_LEGACY_PASSWORD")
                .hasMessageNotContaining("plain text someone wrote");
    }

    @Test
    void theRotationCommandPrintsNoSecret() {
        String unbound = v1.sealText(SECRET_A.getBytes(StandardCharsets.UTF_8));
        vaults.db.execute("UPDATE vaults SET secret = '" + unbound + "' WHERE id = '" + vaultA + "'");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setProperty(CryptoSettings.KEYS, "1:" + KeyRingTest.KEY1 + ",2:" + KeyRingTest.KEY2);
        try {
            assertThat(RotateKeysCommand.run(new String[] {"--url", vaults.db.endpoint().jdbcUrl(), "--user", "tenantry_app",
                "vaults.secret", "vaults.blob:bytes"}, new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(out, true, StandardCharsets.UTF_8))).isZero();
        } finally {
            System.clearProperty(CryptoSettings.KEYS);
        }
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(printed).contains("remaining=0").contains("legacy=0").doesNotContain(SECRET_A)
                .doesNotContain(unbound.substring(7, 30)).doesNotContain(KeyRingTest.KEY1);
        Encryption.install(v1v2);
        assertThat(vaults.read(a, vaultA).getSecret()).isEqualTo(SECRET_A);
        assertThat(vaults.read(b, vaultB).getBlob()).asString(StandardCharsets.UTF_8).isEqualTo(SECRET_B);
    }

    /**
     * At the HTTP edge: the problem mapper applications register answers a tampered value with a
     * typed 500 naming entity and attribute, and neither the value, its plaintext nor the reason.
     */
    @Test
    void theProblemMapperAnswersATamperedValueWithDecryptionFailedNamingOnlyWhere() {
        String ciphertext = stored("secret", vaultA);
        vaults.db.execute("UPDATE vaults SET secret = '" + ciphertext.substring(0, ciphertext.length() - 4) + "AAAA'"
                + " WHERE id = '" + vaultA + "'");
        vaults.emf.getCache().evictAll();
        Throwable failure = org.assertj.core.api.Assertions.catchThrowable(() -> vaults.read(a, vaultA));
        assertThat(failure).isInstanceOf(DecryptionFailedException.class);

        jakarta.ws.rs.core.Response r = new dev.tenantry.tenancy.TenancyProblemDetailsMapper()
                .toResponse(new jakarta.persistence.PersistenceException("wrapped by the caller", failure));
        String body = (String) r.getEntity();
        assertThat(r.getStatus()).isEqualTo(500);
        assertThat(body).contains("\"type\":\"urn:tenantry:problem:decryption-failed\"")
                .contains("The stored value of Vault.secret could not be decrypted")
                .doesNotContain(ciphertext.substring(7, 30)).doesNotContain(SECRET_A).doesNotContain("tnc2")
                .doesNotContain("Exception").doesNotContain("dev.tenantry");
        assertNothingSecretLogged(ciphertext);
    }

    private static byte[] flipBit(byte[] body, int index) {
        byte[] out = body.clone();
        out[index] ^= 0x10;
        return out;
    }

    private void assertNothingSecretLogged(String ciphertext) {
        String all = capture.text();
        assertThat(all).doesNotContain(SECRET_A).doesNotContain(SECRET_B).doesNotContain(KeyRingTest.KEY1)
                .doesNotContain(ciphertext.substring(7, 30));
    }

    private String stored(String column, UUID id) {
        return vaults.db.rows("select " + column + " from vaults where id = '" + id + "'").get(0);
    }

    private static UUID persist(EntityManager em, Vault v) {
        em.persist(v);
        em.flush();
        return v.getId();
    }
}
