package dev.tenantry.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.jasypt.encryption.pbe.StandardPBEStringEncryptor;
import org.jasypt.exceptions.EncryptionOperationNotPossibleException;
import org.jasypt.iv.RandomIvGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EncryptedConfigSourceTest {

    private static final String PASSWORD = "correct horse battery staple";
    private final EncryptedConfigSource source = new EncryptedConfigSource();

    @AfterEach
    void clear() {
        System.clearProperty("tenantry.db.password");
        System.clearProperty("plain.value");
        System.clearProperty(CryptoSettings.CONFIG_PASSWORD);
    }

    @Test
    void decryptsEncValuesAndLeavesOthersToOtherSources() {
        System.setProperty(CryptoSettings.CONFIG_PASSWORD, PASSWORD);
        String enc = EncryptedConfigSource.encrypt("s3cret-db-password", PASSWORD);
        System.setProperty("tenantry.db.password", enc);
        System.setProperty("plain.value", "visible");

        assertThat(enc).startsWith("ENC(").endsWith(")").doesNotContain("s3cret");
        assertThat(source.getValue("tenantry.db.password")).isEqualTo("s3cret-db-password");
        assertThat(source.getValue("plain.value")).isNull();
        assertThat(source.getPropertyNames()).contains("tenantry.db.password").doesNotContain("plain.value");
        assertThat(source.getOrdinal()).isGreaterThan(400);
    }

    @Test
    void wrongOrMissingPasswordNamesTheKeyNotTheValue() {
        String enc = EncryptedConfigSource.encrypt("s3cret-db-password", PASSWORD);
        System.setProperty("tenantry.db.password", enc);

        assertThatThrownBy(() -> source.getValue("tenantry.db.password"))
                .isInstanceOf(KeyConfigurationException.class).hasMessageContaining("TENANTRY_CONFIG_PASSWORD");

        System.setProperty(CryptoSettings.CONFIG_PASSWORD, "wrong password");
        assertThatThrownBy(() -> source.getValue("tenantry.db.password"))
                .isInstanceOf(KeyConfigurationException.class)
                .hasMessageContaining("tenantry.db.password").hasMessageNotContaining(enc);
    }

    @Test
    void aWrongPasswordThatPassesThePaddingCheckStillFails() {
        String enc = EncryptedConfigSource.encrypt("s3cret-db-password", PASSWORD);
        String inner = enc.substring("ENC(".length(), enc.length() - 1);
        // about one wrong password in 256 gets through AES-CBC's padding check: find one plain Jasypt takes
        String slipsThrough = null;
        for (int i = 0; i < 5000 && slipsThrough == null; i++) {
            StandardPBEStringEncryptor plain = new StandardPBEStringEncryptor();
            plain.setAlgorithm("PBEWITHHMACSHA512ANDAES_256");
            plain.setIvGenerator(new RandomIvGenerator());
            plain.setPassword("wrong password " + i);
            try {
                assertThat(plain.decrypt(inner)).isNotEqualTo("s3cret-db-password");
                slipsThrough = "wrong password " + i;
            } catch (EncryptionOperationNotPossibleException expected) {
                // the usual case
            }
        }
        assertThat(slipsThrough).as("a wrong password plain Jasypt decrypts to garbage").isNotNull();

        System.setProperty("tenantry.db.password", enc);
        System.setProperty(CryptoSettings.CONFIG_PASSWORD, slipsThrough);
        assertThatThrownBy(() -> source.getValue("tenantry.db.password"))
                .isInstanceOf(KeyConfigurationException.class).hasMessageContaining("tenantry.db.password")
                .hasMessageContaining("is not the password it was made with").hasMessageNotContaining(inner);
    }

    @Test
    void malformedEncValuesFailNamingTheKeyNeverTheValue() {
        // structural damage only: Jasypt's CBC format carries no tag, so a flipped bit in the IV yields a
        // slightly different string, as a changed plaintext setting would (whoever can change the
        // environment can set any value)
        System.setProperty(CryptoSettings.CONFIG_PASSWORD, PASSWORD);
        String good = EncryptedConfigSource.encrypt("s3cret-db-password", PASSWORD);
        String inner = good.substring(4, good.length() - 1);
        java.util.List<String> corpus = new java.util.ArrayList<>(java.util.List.of("ENC()", "ENC( )", "ENC(=)", "ENC(====)",
                "ENC(!!!!)", "ENC(AAAA)", "ENC(AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA)", "ENC(\u0000)", "ENC(ENC(" + inner + "))",
                "ENC(" + inner.substring(0, inner.length() / 2) + ")", "ENC(" + inner + inner + ")",
                "ENC(" + inner.substring(0, inner.length() - 4) + ")", "ENC(" + inner.substring(24) + ")",
                "ENC(" + "A".repeat(100_000) + ")", "ENC(\u00e9\u00e8\u2603)"));
        for (int cut = 1; cut < inner.length(); cut += 7) {
            corpus.add("ENC(" + inner.substring(0, cut) + ")");
        }
        for (String hostile : corpus) {
            System.setProperty("tenantry.db.password", hostile);
            String value = hostile.substring(4, hostile.length() - 1);
            assertThatThrownBy(() -> source.getValue("tenantry.db.password")).as(hostile)
                    .isInstanceOf(KeyConfigurationException.class).hasMessageContaining("tenantry.db.password")
                    .hasMessageNotContaining(value.length() >= 8 ? value : "\u0001");
        }
    }
}
