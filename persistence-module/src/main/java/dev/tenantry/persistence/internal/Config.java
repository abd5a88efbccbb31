package dev.tenantry.persistence.internal;

import dev.tenantry.persistence.InvalidConfigurationException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
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
     * @throws InvalidConfigurationException naming the key when the value is neither
     */
    public static boolean getBoolean(String key, boolean defaultValue) {
        String v = get(key, Boolean.toString(defaultValue)).toLowerCase(Locale.ROOT);
        if (!v.equals("true") && !v.equals("false")) {
            throw new InvalidConfigurationException("Configuration " + key + " (environment " + envName(key)
                    + ") must be 'true' or 'false'");
        }
        return Boolean.parseBoolean(v);
    }

    /**
     * @param key     key
     * @param minimum the smallest value allowed
     * @param what    what the value must be, for the message (e.g. "an ISO-8601 duration of at least a
     *                day, such as P400D")
     * @return the value, if set
     * @throws InvalidConfigurationException naming the key when the value is no ISO-8601 duration of at least
     *                               {@code minimum}
     */
    public static Optional<Duration> getDuration(String key, Duration minimum, String what) {
        Optional<String> value = get(key);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        try {
            Duration duration = Duration.parse(value.get());
            if (duration.compareTo(minimum) >= 0) {
                return Optional.of(duration);
            }
        } catch (DateTimeParseException e) {
            // the message below says what is expected
        }
        throw new InvalidConfigurationException("Configuration " + key + " (environment " + envName(key) + ") must be " + what);
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
