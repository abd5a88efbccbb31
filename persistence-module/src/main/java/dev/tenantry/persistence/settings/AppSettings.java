package dev.tenantry.persistence.settings;

import dev.tenantry.persistence.PersistenceSettings;
import dev.tenantry.persistence.TenantryException;
import dev.tenantry.persistence.internal.Config;
import dev.tenantry.persistence.internal.StorableText;
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
 * <p>Reads fall back gracefully before migrations created the table: {@link #get(String)} is empty.
 * The application mode is not one of these settings: it comes from configuration only (see
 * {@link #mode()}), the one source every Tenantry module reads. Values are text;
 * typed getters parse them and throw {@link InvalidSettingException} naming the key. Do not store
 * secrets here: the table is not encrypted. Thread-safe.
 */
public final class AppSettings {

    /**
     * The settings key under which Tenantry records the mode the database last ran in (see
     * {@link #recordMode()}); not writable through {@link #put}.
     */
    public static final String MODE_KEY = "tenantry.mode";
    private static final System.Logger LOG = System.getLogger(AppSettings.class.getName());
    private static final String UNDEFINED_TABLE = "42P01";
    private static final int MAX_KEY = 200;

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
        if (keyProblem(key) != null) {
            return Optional.empty();        // no row can hold such a key
        }
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
     * @param key   key, 1 to 200 characters of text PostgreSQL can store (no NUL, no unpaired surrogate)
     * @param value value, not null, text PostgreSQL can store
     * @throws InvalidSettingException when the key or the value cannot be stored, saying why (never the value)
     */
    public void put(String key, String value) {
        Objects.requireNonNull(value, "value");
        String problem = keyProblem(key);
        if (problem != null) {
            throw new InvalidSettingException("A setting key " + problem);
        }
        problem = StorableText.problemOf(value);
        if (problem != null) {
            throw new InvalidSettingException("The value of setting '" + key + "' " + problem);
        }
        if (MODE_KEY.equals(key)) {
            throw new InvalidSettingException("The application mode is configuration, not a stored setting: set "
                    + PersistenceSettings.MODE + " (environment " + Config.envName(PersistenceSettings.MODE)
                    + ") and restart, so that every module (encryption keys included) runs in the same mode");
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
        if (keyProblem(key) != null) {
            return;                         // no row can hold such a key
        }
        write(key, "DELETE FROM app_settings WHERE key = ?", null);
    }

    /**
     * The application mode: configuration {@link PersistenceSettings#MODE}, else {@link AppMode#LIVE}.
     * Configuration is the only source, read the same way (MicroProfile Config, system property,
     * environment) by every Tenantry module, so seeding and encryption can never disagree about it.
     *
     * @return the mode
     * @throws InvalidSettingException when the configured value is neither {@code demo} nor {@code live}
     */
    public AppMode mode() {
        return Config.get(PersistenceSettings.MODE).map(AppMode::parse).orElse(AppMode.LIVE);
    }

    /**
     * Records the configured mode as the one this database runs in; Tenantry calls it at start-up,
     * after migrations. A database that has run in live mode and now starts in demo mode gets a
     * warning in the log: demo seeds would write demo data into it, and demo encryption may use a
     * throw-away key.
     *
     * @return the configured mode
     */
    public AppMode recordMode() {
        AppMode configured = mode();
        Optional<AppMode> recorded = get(MODE_KEY).map(AppMode::parse);
        if (recorded.equals(Optional.of(AppMode.LIVE)) && configured == AppMode.DEMO) {
            LOG.log(System.Logger.Level.WARNING, "This database has run in live mode, and now starts in demo mode ("
                    + PersistenceSettings.MODE + "): demo seeds will run against it. Set "
                    + Config.envName(PersistenceSettings.MODE) + "=live unless it holds demo data only.");
        }
        if (!recorded.equals(Optional.of(configured)) && tableExists()) {
            write(MODE_KEY, "INSERT INTO app_settings (key, value, updated_at) VALUES (?, ?, CURRENT_TIMESTAMP)"
                    + " ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = EXCLUDED.updated_at",
                    configured.name().toLowerCase(java.util.Locale.ROOT));
        }
        return configured;
    }

    private boolean tableExists() {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT to_regclass('app_settings') IS NOT NULL");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() && rs.getBoolean(1);
        } catch (SQLException e) {
            throw failure("look up", MODE_KEY, e);
        }
    }

    /** @return why no setting can have this key, or {@code null} */
    private static String keyProblem(String key) {
        if (key == null || key.isBlank() || key.length() > MAX_KEY) {
            return "must be 1 to " + MAX_KEY + " characters";
        }
        return StorableText.problemOf(key);
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
