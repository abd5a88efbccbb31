package dev.tenantry.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
}
