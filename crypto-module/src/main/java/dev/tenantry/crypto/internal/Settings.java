package dev.tenantry.crypto.internal;

import java.util.Locale;
import java.util.Optional;

/**
 * Configuration lookup: MicroProfile Config, then system properties, then environment variables;
 * an {@code ENC(...)} value found without MicroProfile Config is decrypted as
 * {@code EncryptedConfigSource} would.
 */
public final class Settings {

    private Settings() {
    }

    /**
     * @param key dotted key
     * @return trimmed non-blank value, if set
     */
    public static Optional<String> get(String key) {
        Optional<String> value = Optional.empty();
        try {
            value = org.eclipse.microprofile.config.ConfigProvider.getConfig().getOptionalValue(key, String.class);
        } catch (LinkageError | RuntimeException noMicroProfileConfig) {
            // Java SE or a server without MicroProfile Config
        }
        if (value.isEmpty()) {
            value = Optional.ofNullable(System.getProperty(key));
        }
        if (value.isEmpty()) {
            value = Optional.ofNullable(System.getenv(envName(key)));
        }
        value = value.map(String::trim).filter(v -> !v.isEmpty());
        if (value.isPresent() && EncryptedValues.isEncrypted(value.get())) {
            // Java SE, or a server without MicroProfile Config: decrypt ENC(...) here as the config source would
            return Optional.of(EncryptedValues.decrypt(key, value.get()));
        }
        return value;
    }

    /**
     * @param key dotted key
     * @return environment variable name
     */
    public static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
