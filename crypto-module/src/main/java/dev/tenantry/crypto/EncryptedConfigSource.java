package dev.tenantry.crypto;

import dev.tenantry.crypto.internal.Settings;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.jasypt.encryption.pbe.StandardPBEStringEncryptor;
import org.jasypt.exceptions.EncryptionOperationNotPossibleException;
import org.jasypt.iv.RandomIvGenerator;

/**
 * A MicroProfile Config source that decrypts Jasypt {@code ENC(...)} values given as system
 * properties or environment variables, e.g. {@code TENANTRY_DB_PASSWORD=ENC(9fJ...)}.
 *
 * <p>Registered through {@code META-INF/services}; its ordinal (500) puts it above system properties
 * (400) and environment variables (300), and it answers only for keys whose raw value is
 * {@code ENC(...)}, so everything else is read as before. The password comes from
 * {@link CryptoSettings#CONFIG_PASSWORD} ({@code TENANTRY_CONFIG_PASSWORD}); produce values with
 * {@link #encrypt(String, String)}. Algorithm: PBEWITHHMACSHA512ANDAES_256 with 1000 iterations and
 * a random IV (the password is human-chosen, so the stretching stays). A value that does not decrypt
 * fails with a message naming the key, never the value. Thread-safe.
 */
public final class EncryptedConfigSource implements ConfigSource {

    private static final String PREFIX = "ENC(";

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
        return PREFIX + encryptor(password).encrypt(plaintext) + ")";
    }

    /**
     * @param key   the setting, for the message
     * @param value an {@code ENC(...)} value
     * @return the decrypted value
     * @throws KeyConfigurationException when no password is set or the value does not decrypt (the
     *                                   message names the key, never the value)
     */
    public static String decrypt(String key, String value) {
        String password = System.getProperty(CryptoSettings.CONFIG_PASSWORD,
                System.getenv(Settings.envName(CryptoSettings.CONFIG_PASSWORD)));
        if (password == null || password.isEmpty()) {
            throw new KeyConfigurationException("Configuration " + key + " is encrypted (ENC(...)) but no password is"
                    + " set: set " + Settings.envName(CryptoSettings.CONFIG_PASSWORD));
        }
        try {
            return encryptor(password).decrypt(value.substring(PREFIX.length(), value.length() - 1));
        } catch (EncryptionOperationNotPossibleException e) {
            throw new KeyConfigurationException("Configuration " + key + " could not be decrypted: the value is damaged"
                    + " or " + Settings.envName(CryptoSettings.CONFIG_PASSWORD) + " is not the password it was made with");
        }
    }

    /**
     * @param value a configuration value
     * @return whether it is an {@code ENC(...)} value
     */
    public static boolean isEncrypted(String value) {
        return value != null && value.startsWith(PREFIX) && value.endsWith(")");
    }

    private static StandardPBEStringEncryptor encryptor(String password) {
        StandardPBEStringEncryptor e = new StandardPBEStringEncryptor();
        e.setAlgorithm("PBEWITHHMACSHA512ANDAES_256");
        e.setIvGenerator(new RandomIvGenerator());
        e.setPassword(password);
        return e;
    }
}
