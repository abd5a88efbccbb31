package dev.tenantry.crypto.internal;

import dev.tenantry.crypto.CryptoSettings;
import dev.tenantry.crypto.KeyConfigurationException;
import dev.tenantry.crypto.JasyptPbeEngine;
import org.jasypt.exceptions.EncryptionOperationNotPossibleException;
import org.jasypt.iv.RandomIvGenerator;
import org.jasypt.salt.RandomSaltGenerator;

/**
 * Jasypt {@code ENC(...)} configuration values, without MicroProfile Config types (so that
 * {@link Settings} can decrypt them on a class path that has no MicroProfile Config API).
 */
public final class EncryptedValues {

    private static final String PREFIX = "ENC(";

    private EncryptedValues() {
    }

    /**
     * @param value a configuration value
     * @return whether it is an {@code ENC(...)} value
     */
    public static boolean isEncrypted(String value) {
        return value != null && value.startsWith(PREFIX) && value.endsWith(")");
    }

    /**
     * @param plaintext the secret
     * @param password  the configuration password
     * @return {@code ENC(...)} text
     */
    public static String encrypt(String plaintext, String password) {
        return PREFIX + encryptor(password).encrypt(plaintext) + ")";
    }

    /**
     * @param key   the setting, for the message
     * @param value an {@code ENC(...)} value
     * @return the decrypted value
     * @throws KeyConfigurationException naming the key, never the value
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
     * Jasypt's {@code StandardPBEStringEncryptor} settings (so its CLI makes and reads the same
     * values), through {@link JasyptPbeEngine} so that a wrong password which passes the padding
     * check still fails instead of yielding garbage as the setting's value.
     */
    private static JasyptPbeEngine encryptor(String password) {
        return JasyptPbeEngine.create(password, "PBEWITHHMACSHA512ANDAES_256", 1000, new RandomSaltGenerator(),
                new RandomIvGenerator(), 1, null, "base64");
    }
}
