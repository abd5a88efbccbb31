package dev.tenantry.persistence.internal;

import java.util.Locale;
import java.util.Optional;

/**
 * Reads configuration: MicroProfile Config where the runtime has one, then system properties, then
 * environment variables ({@code tenantry.mode} → {@code TENANTRY_MODE}).
 */
public final class Config {

    private Config() {
    }

    /**
     * @param key a key from a {@code *Settings} class
     * @return its value, trimmed, if set and not blank
     */
    public static Optional<String> get(String key) {
        Optional<String> value = microProfile(key);
        if (value.isEmpty()) {
            value = Optional.ofNullable(System.getProperty(key));
        }
        if (value.isEmpty()) {
            value = Optional.ofNullable(System.getenv(envName(key)));
        }
        return value.map(String::trim).filter(v -> !v.isEmpty());
    }

    /**
     * @param key          key
     * @param defaultValue value when unset
     * @return the value or the default
     */
    public static String get(String key, String defaultValue) {
        return get(key).orElse(defaultValue);
    }

    /**
     * @param key          key
     * @param defaultValue value when unset
     * @return {@code true} or {@code false}
     * @throws IllegalStateException naming the key when the value is neither
     */
    public static boolean getBoolean(String key, boolean defaultValue) {
        String v = get(key, Boolean.toString(defaultValue)).toLowerCase(Locale.ROOT);
        if (!v.equals("true") && !v.equals("false")) {
            throw new IllegalStateException("Configuration " + key + " (environment " + envName(key)
                    + ") must be 'true' or 'false'");
        }
        return Boolean.parseBoolean(v);
    }

    /**
     * @param key a dotted key
     * @return its environment-variable form
     */
    public static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private static Optional<String> microProfile(String key) {
        try {
            return org.eclipse.microprofile.config.ConfigProvider.getConfig().getOptionalValue(key, String.class);
        } catch (LinkageError | RuntimeException noMicroProfileConfigHere) {
            return Optional.empty();
        }
    }
}
