package dev.tenantry.persistence.settings;

import dev.tenantry.persistence.PersistenceSettings;
import dev.tenantry.persistence.TenantryException;
import dev.tenantry.persistence.internal.Config;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * Key/value settings persisted in {@code app_settings}, read and written through a DataSource (so,
 * in a server, inside the caller's JTA transaction).
 *
 * <p>Reads fall back gracefully before migrations created the table: {@link #get(String)} is empty
 * and {@link #mode()} answers from configuration ({@link PersistenceSettings#MODE}). Values are text;
 * typed getters parse them and throw {@link InvalidSettingException} naming the key. Do not store
 * secrets here: the table is not encrypted. Thread-safe.
 */
public final class AppSettings {

    /** The settings key holding the application mode. */
    public static final String MODE_KEY = "tenantry.mode";
    private static final String UNDEFINED_TABLE = "42P01";

    private final DataSource dataSource;

    /** @param dataSource the application database */
    public AppSettings(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /**
     * @param key setting key
     * @return its value, or empty when unset (or the table does not exist yet)
     */
    public Optional<String> get(String key) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT value FROM app_settings WHERE key = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            if (UNDEFINED_TABLE.equals(e.getSQLState())) {
                return Optional.empty();
            }
            throw failure("read", key, e);
        }
    }

    /**
     * @param key          key
     * @param defaultValue value when unset
     * @return the value or the default
     */
    public String get(String key, String defaultValue) {
        return get(key).orElse(defaultValue);
    }

    /**
     * @param key          key
     * @param defaultValue value when unset
     * @return the value as an int
     */
    public int getInt(String key, int defaultValue) {
        return typed(key, "a whole number", Integer::valueOf).orElse(defaultValue);
    }

    /**
     * @param key          key
     * @param defaultValue value when unset
     * @return the value as a long
     */
    public long getLong(String key, long defaultValue) {
        return typed(key, "a whole number", Long::valueOf).orElse(defaultValue);
    }

    /**
     * @param key          key
     * @param defaultValue value when unset
     * @return {@code true} or {@code false}
     */
    public boolean getBoolean(String key, boolean defaultValue) {
        return typed(key, "'true' or 'false'", v -> {
            if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
                throw new IllegalArgumentException();
            }
            return Boolean.valueOf(v);
        }).orElse(defaultValue);
    }

    /**
     * @param key          key
     * @param defaultValue value when unset
     * @return the value as an ISO-8601 duration ({@code PT15M}, {@code P30D})
     */
    public Duration getDuration(String key, Duration defaultValue) {
        return typed(key, "an ISO-8601 duration such as PT15M or P30D", Duration::parse).orElse(defaultValue);
    }

    /**
     * Inserts or replaces a setting.
     *
     * @param key   key, 1 to 200 characters
     * @param value value, not null
     */
    public void put(String key, String value) {
        Objects.requireNonNull(value, "value");
        if (key == null || key.isBlank() || key.length() > 200) {
            throw new IllegalArgumentException("Setting key must be 1 to 200 characters");
        }
        write(key, "INSERT INTO app_settings (key, value, updated_at) VALUES (?, ?, CURRENT_TIMESTAMP)"
                + " ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = EXCLUDED.updated_at", value);
    }

    /**
     * Removes a setting; nothing happens when it is unset.
     *
     * @param key key
     */
    public void remove(String key) {
        write(key, "DELETE FROM app_settings WHERE key = ?", null);
    }

    /**
     * The application mode: the {@value #MODE_KEY} setting, else configuration
     * {@link PersistenceSettings#MODE}, else {@link AppMode#LIVE}.
     *
     * @return the mode
     */
    public AppMode mode() {
        Optional<String> stored = get(MODE_KEY);
        if (stored.isPresent()) {
            return AppMode.parse(stored.get());
        }
        return Config.get(PersistenceSettings.MODE).map(AppMode::parse).orElse(AppMode.LIVE);
    }

    /** @param mode the mode to persist */
    public void setMode(AppMode mode) {
        put(MODE_KEY, mode.name().toLowerCase(java.util.Locale.ROOT));
    }

    private <V> Optional<V> typed(String key, String expected, Function<String, V> parse) {
        Optional<String> raw = get(key);
        try {
            return raw.map(String::trim).map(parse);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new InvalidSettingException("Setting '" + key + "' must be " + expected);
        }
    }

    private void write(String key, String sql, String value) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, key);
            if (value != null) {
                ps.setString(2, value);
            }
            ps.executeUpdate();
        } catch (SQLException e) {
            throw failure("write", key, e);
        }
    }

    private static TenantryException failure(String what, String key, SQLException e) {
        return new TenantryException("Could not " + what + " setting '" + key + "' (SQLState " + e.getSQLState()
                + "); check that the database is reachable and migrated", e);
    }
}
