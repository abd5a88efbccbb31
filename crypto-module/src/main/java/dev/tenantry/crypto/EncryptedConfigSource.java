package dev.tenantry.crypto;

import dev.tenantry.crypto.internal.EncryptedValues;
import dev.tenantry.crypto.internal.Settings;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * A MicroProfile Config source that decrypts Jasypt {@code ENC(...)} values given as system
 * properties or environment variables, e.g. {@code TENANTRY_CRYPTO_KEYS=ENC(9fJ...)}.
 *
 * <p>It serves what reads MicroProfile Config (the application, Tenantry's settings) and, through
 * Tenantry's own lookup, {@link RotateKeysCommand}'s {@code TENANTRY_DB_PASSWORD}. It does not serve
 * the servers' own substitutions: Payara's {@code ${ENV=TENANTRY_DB_PASSWORD}} in the pool's
 * post-boot commands and WildFly's {@code ${env.TENANTRY_DB_PASSWORD}} read the raw text, so an
 * {@code ENC(...)} pool password would be sent as it is. Give the pool's password through the
 * server's secret store instead (a Payara password alias, {@code ${ALIAS=...}}; a WildFly credential
 * store).
 *
 * <p>Registered through {@code META-INF/services}; its ordinal (500) puts it above system properties
 * (400) and environment variables (300), and it answers only for keys whose raw value is
 * {@code ENC(...)}, so everything else is read as before. The password comes from
 * {@link CryptoSettings#CONFIG_PASSWORD} ({@code TENANTRY_CONFIG_PASSWORD}); produce values with
 * {@link #encrypt(String, String)}. Algorithm: PBEWITHHMACSHA512ANDAES_256 with 1000 iterations and
 * a random IV (the password is human-chosen, so the stretching stays), which is what Jasypt's own
 * {@code encrypt.sh} writes with those settings. A value that does not decrypt, or a wrong password,
 * fails with a message naming the key, never the value (a wrong password that passes the padding
 * check is caught by {@link JasyptPbeEngine#decrypt(String)}). The format is Jasypt's and carries no
 * tag: it keeps the secret out of sight, it does not protect the environment from being changed.
 * Thread-safe.
 */
public final class EncryptedConfigSource implements ConfigSource {

    @Override
    public Set<String> getPropertyNames() {
        Map<String, String> encrypted = new HashMap<>();
        System.getProperties().forEach((k, v) -> {
            if (isEncrypted(String.valueOf(v))) {
                encrypted.put(String.valueOf(k), String.valueOf(v));
            }
        });
        System.getenv().forEach((k, v) -> {
            if (isEncrypted(v)) {
                encrypted.put(k, v);
            }
        });
        return encrypted.keySet();
    }

    @Override
    public String getValue(String key) {
        String raw = System.getProperty(key);
        if (raw == null) {
            raw = System.getenv(key);
        }
        if (raw == null) {
            raw = System.getenv(Settings.envName(key));
        }
        if (raw == null || !isEncrypted(raw.trim())) {
            return null;
        }
        return decrypt(key, raw.trim());
    }

    @Override
    public String getName() {
        return "tenantry-encrypted-values";
    }

    @Override
    public int getOrdinal() {
        return 500;
    }

    /**
     * @param plaintext the secret
     * @param password  the configuration password
     * @return {@code ENC(...)} text to put into the environment
     */
    public static String encrypt(String plaintext, String password) {
        return EncryptedValues.encrypt(plaintext, password);
    }

    /**
     * @param key   the setting, for the message
     * @param value an {@code ENC(...)} value
     * @return the decrypted value
     * @throws KeyConfigurationException when no password is set or the value does not decrypt (the
     *                                   message names the key, never the value)
     */
    public static String decrypt(String key, String value) {
        return EncryptedValues.decrypt(key, value);
    }

    private static boolean isEncrypted(String value) {
        return EncryptedValues.isEncrypted(value);
    }
}
