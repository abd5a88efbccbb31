package dev.tenantry.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KeyRingTest {

    static final String KEY1 = key(1);
    static final String KEY2 = key(2);

    static String key(int seed) {
        byte[] k = new byte[32];
        new SecureRandom(new byte[] {(byte) seed}).nextBytes(k);
        Arrays.fill(k, 0, 1, (byte) seed);
        return Base64.getEncoder().encodeToString(k);
    }

    private final KeyRing ring = KeyRing.parse("1:" + KEY1, null);

    @AfterEach
    void clearConfiguration() {
        System.clearProperty(CryptoSettings.KEYS);
        System.clearProperty(CryptoSettings.ACTIVE_KEY);
        System.clearProperty(CryptoSettings.MODE);
    }

    @Test
    void roundTripsEmptyUnicodeAndOneMebibyteValues() {
        byte[] big = new byte[1 << 20];
        new SecureRandom().nextBytes(big);
        for (byte[] value : new byte[][] {new byte[0], "Grüße, 世界, 🙂".getBytes(StandardCharsets.UTF_8), big}) {
            assertThat(ring.openText(ring.sealText(value))).isEqualTo(value);
            assertThat(ring.openBinary(ring.sealBinary(value))).isEqualTo(value);
        }
    }

    @Test
    void boundValuesOpenAtTheirPlaceOnlyAndSayWhetherATenantIsPartOfIt() {
        byte[] v = "bound".getBytes(StandardCharsets.UTF_8);
        Place column = Place.of("public.Vaults", "Secret");
        Place tenantA = column.inTenant("0191D6A0-0000-7000-8000-00000000000A");
        String text = ring.sealText(v, tenantA);
        byte[] binary = ring.sealBinary(v, tenantA);
        assertThat(text).startsWith("tnc2:1:");
        assertThat(binary[0]).isEqualTo((byte) 2);
        assertThat(KeyRing.tenantBound(text)).contains(true);
        assertThat(KeyRing.tenantBound(binary)).contains(true);
        assertThat(KeyRing.tenantBound(ring.sealText(v, column))).contains(false);
        assertThat(KeyRing.tenantBound(ring.sealText(v))).isEmpty();
        // names fold as PostgreSQL folds them: schema, case and the tenant's case do not matter
        Place same = new Place("vaults", "secret", "0191d6a0-0000-7000-8000-00000000000a");
        assertThat(same).isEqualTo(tenantA);
        assertThat(ring.openText(text, same)).isEqualTo(v);
        assertThat(ring.openBinary(binary, same)).isEqualTo(v);
        for (Place elsewhere : new Place[] {column, column.inTenant("0191d6a0-0000-7000-8000-00000000000b"),
            Place.of("vaults", "note").inTenant("0191d6a0-0000-7000-8000-00000000000a"),
            Place.of("vault", "ssecret").inTenant("0191d6a0-0000-7000-8000-00000000000a")}) {
            assertThatThrownBy(() -> ring.openText(text, elsewhere)).as("%s", elsewhere).isInstanceOf(DecryptionFailedException.class);
            assertThatThrownBy(() -> ring.openBinary(binary, elsewhere)).as("%s", elsewhere)
                    .isInstanceOf(DecryptionFailedException.class);
        }
        assertThatThrownBy(() -> ring.openText(text)).isInstanceOf(DecryptionFailedException.class)
                .hasMessageContaining("bound to its table, column and tenant");
        // an unbound value opens anywhere (until require-bound refuses it)
        assertThat(ring.openText(ring.sealText(v), tenantA)).isEqualTo(v);
    }

    @Test
    void sealingTheSameValueTwiceGivesDifferentCiphertexts() {
        byte[] v = "same".getBytes(StandardCharsets.UTF_8);
        assertThat(ring.sealText(v)).isNotEqualTo(ring.sealText(v)).startsWith("tnc1:1:");
    }

    @Test
    void everyFlippedBitIsDetected() {
        byte[] sealed = ring.sealBinary("a 64-byte secret value, padded out to sixty-four bytes exactly!!".getBytes(StandardCharsets.UTF_8));
        for (int bit = 0; bit < sealed.length * 8; bit++) {
            byte[] tampered = sealed.clone();
            tampered[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThatThrownBy(() -> ring.openBinary(tampered)).as("bit %d", bit)
                    .isInstanceOf(DecryptionFailedException.class);
        }
    }

    @Test
    void truncationIsDetectedInBothForms() {
        byte[] sealed = ring.sealBinary("truncate me".getBytes(StandardCharsets.UTF_8));
        for (int length = 0; length < sealed.length; length++) {
            byte[] cut = Arrays.copyOf(sealed, length);
            assertThatThrownBy(() -> ring.openBinary(cut)).isInstanceOf(DecryptionFailedException.class);
        }
        String text = ring.sealText("truncate me".getBytes(StandardCharsets.UTF_8));
        for (int length = 0; length < text.length(); length++) {
            String cut = text.substring(0, length);
            assertThatThrownBy(() -> ring.openText(cut)).isInstanceOf(DecryptionFailedException.class);
        }
    }

    @Test
    void aValueFromAnotherKeyRingIsRejected() {
        KeyRing other = KeyRing.parse("1:" + KEY2, null);
        String foreign = other.sealText("elsewhere".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> ring.openText(foreign)).isInstanceOf(DecryptionFailedException.class)
                .hasMessageContaining("failed authentication");
    }

    @Test
    void oldVersionsStayReadableAfterANewKeyBecomesActive() {
        String old = ring.sealText("old".getBytes(StandardCharsets.UTF_8));
        KeyRing rotated = KeyRing.parse("1:" + KEY1 + ", 2:" + KEY2, null);

        assertThat(rotated.activeVersion()).isEqualTo(2);
        assertThat(rotated.openText(old)).isEqualTo("old".getBytes(StandardCharsets.UTF_8));
        assertThat(rotated.sealText(new byte[] {1})).startsWith("tnc1:2:");
        assertThat(KeyRing.parse("1:" + KEY1 + ",2:" + KEY2, "1").sealText(new byte[] {1})).startsWith("tnc1:1:");
    }

    @Test
    void aValueSealedWithAnUnknownVersionSaysWhichVersionToAdd() {
        String v2 = KeyRing.parse("2:" + KEY2, null).sealText(new byte[] {1});
        assertThatThrownBy(() -> ring.openText(v2)).isInstanceOf(DecryptionFailedException.class)
                .hasMessageContaining("key version 2").hasMessageContaining(CryptoSettings.KEYS);
    }

    @Test
    void malformedConfigurationNamesTheSettingAndNeverTheKey() {
        String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
        assertThatThrownBy(() -> KeyRing.parse("1:" + shortKey, null))
                .isInstanceOf(KeyConfigurationException.class)
                .hasMessageContaining("tenantry.crypto.keys").hasMessageContaining("TENANTRY_CRYPTO_KEYS")
                .hasMessageContaining("32").hasMessageNotContaining(shortKey);
        assertThatThrownBy(() -> KeyRing.parse("one:" + KEY1, null)).hasMessageNotContaining(KEY1);
        assertThatThrownBy(() -> KeyRing.parse("1:not base64!", null)).hasMessageContaining("base64");
        assertThatThrownBy(() -> KeyRing.parse("1:" + KEY1, "3")).hasMessageContaining("version 3");
        assertThatThrownBy(() -> KeyRing.parse("1:" + KEY1 + ",1:" + KEY2, null)).hasMessageContaining("twice");
        // an active version that is no number names that setting, not the keys
        for (String active : java.util.List.of("x", "", "0", "70000")) {
            assertThatThrownBy(() -> KeyRing.parse("1:" + KEY1, active)).as(active).isInstanceOf(KeyConfigurationException.class)
                    .hasMessageStartingWith("tenantry.crypto.active-key (environment TENANTRY_CRYPTO_ACTIVE_KEY) must name")
                    .hasMessageNotContaining("malformed").hasMessageNotContaining(KEY1);
        }
        // entries separated otherwise than by commas: said so, without the keys
        for (String separator : java.util.List.of(";", "\n", " ")) {
            assertThatThrownBy(() -> KeyRing.parse("1:" + KEY1 + separator + "2:" + KEY2, null)).as(separator)
                    .isInstanceOf(KeyConfigurationException.class).hasMessageNotContaining(KEY1).hasMessageNotContaining(KEY2);
        }
        assertThatThrownBy(() -> KeyRing.parse("1:" + KEY1 + ";2:" + KEY2, null)).hasMessageContaining("separate the entries with commas");
    }

    @Test
    void urlSafeBase64KeysAreTheSameKeys() {
        byte[] raw = new byte[32];
        java.util.Arrays.fill(raw, (byte) 0xFB);     // encodes with '+' and '/' in standard base64
        String standard = Base64.getEncoder().encodeToString(raw);
        String urlSafe = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        assertThat(standard).containsAnyOf("+", "/");
        KeyRing one = KeyRing.parse("1:" + standard, null);
        KeyRing other = KeyRing.parse("1:" + urlSafe, null);
        String sealed = one.sealText("the same key".getBytes(StandardCharsets.UTF_8));
        assertThat(new String(other.openText(sealed), StandardCharsets.UTF_8)).isEqualTo("the same key");
    }

    @Test
    void missingKeyInLiveModeFailsWithTheDocumentedMessage() {
        System.setProperty(CryptoSettings.MODE, "live");
        assertThatThrownBy(KeyRing::fromConfiguration)
                .isInstanceOf(KeyConfigurationException.class)
                .hasMessage("No encryption keys configured. Set tenantry.crypto.keys (environment TENANTRY_CRYPTO_KEYS)"
                        + " to comma-separated version:key pairs, each key 32 random bytes in base64, e.g."
                        + " '1:<output of openssl rand -base64 32>'.");
    }

    @Test
    void missingKeyInDemoModeGeneratesOne() {
        System.setProperty(CryptoSettings.MODE, "demo");
        KeyRing generated = KeyRing.fromConfiguration();
        assertThat(generated.versions()).containsExactly(1);
        assertThat(generated.openText(generated.sealText(new byte[] {7}))).containsExactly(7);
    }

    @Test
    void configuredRingAndActiveVersionAreRead() {
        System.setProperty(CryptoSettings.KEYS, "1:" + KEY1 + ",2:" + KEY2);
        System.setProperty(CryptoSettings.ACTIVE_KEY, "1");
        KeyRing configured = KeyRing.fromConfiguration();
        assertThat(configured.activeVersion()).isEqualTo(1);
        assertThat(configured.toString()).isEqualTo("KeyRing[versions=[1, 2], active=1]");
    }

    @Test
    void ringsBuiltFromMapsWorkToo() {
        byte[] k = Base64.getDecoder().decode(KEY1);
        KeyRing fromMap = KeyRing.of(Map.of(1, k), 1);
        assertThat(ring.openText(fromMap.sealText(new byte[] {9}))).containsExactly(9);
    }
}
