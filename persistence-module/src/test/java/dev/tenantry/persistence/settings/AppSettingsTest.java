package dev.tenantry.persistence.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantry.embedded.TestDatabase;
import dev.tenantry.persistence.DatabaseTest;
import dev.tenantry.persistence.PersistenceSettings;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AppSettingsTest extends DatabaseTest {

    private AppSettings settings;

    @BeforeEach
    void fresh() {
        sql("DELETE FROM app_settings");
        settings = new AppSettings(dataSource);
    }

    @AfterEach
    void clearConfiguration() {
        System.clearProperty(PersistenceSettings.MODE);
    }

    @Test
    void storesAndReadsTypedValues() {
        settings.put("mail.batch", "250");
        settings.put("mail.enabled", "TRUE");
        settings.put("mail.retry", "PT15M");
        settings.put("mail.batch", "300");   // replaces

        assertThat(settings.getInt("mail.batch", 0)).isEqualTo(300);
        assertThat(settings.getLong("mail.batch", 0)).isEqualTo(300L);
        assertThat(settings.getBoolean("mail.enabled", false)).isTrue();
        assertThat(settings.getDuration("mail.retry", Duration.ZERO)).isEqualTo(Duration.ofMinutes(15));
        assertThat(settings.get("unset", "fallback")).isEqualTo("fallback");
        assertThat(rows("select count(*) from app_settings")).containsExactly(java.util.List.of("3"));
    }

    @Test
    void removeForgetsTheValue() {
        settings.put("k", "v");
        settings.remove("k");
        settings.remove("never-set");
        assertThat(settings.get("k")).isEmpty();
    }

    @Test
    void keysAndValuesPostgresCannotStoreAreRefusedAsSettingErrorsNotAsDatabaseFailures() {
        settings.put("kept", "as it was");
        for (String odd : java.util.List.of("a\u0000b", "lone\ud800", "x".repeat(201), " ")) {
            assertThatThrownBy(() -> settings.put(odd, "v")).as(odd).isInstanceOf(InvalidSettingException.class)
                    .hasMessageStartingWith("A setting key ").hasMessageNotContaining("\u0000").hasMessageNotContaining("database");
            assertThat(settings.get(odd)).as("no row can hold it").isEmpty();
            settings.remove(odd);
        }
        for (String odd : java.util.List.of("se\u0000cret", "secret\udc00")) {
            assertThatThrownBy(() -> settings.put("kept", odd)).isInstanceOf(InvalidSettingException.class)
                    .hasMessageStartingWith("The value of setting 'kept' ").hasMessageNotContaining("secret");
        }
        assertThat(settings.get("kept")).contains("as it was");
        assertThat(rows("select count(*) from app_settings")).containsExactly(java.util.List.of("1"));
    }

    @Test
    void malformedTypedValueNamesTheKeyButNotTheValue() {
        settings.put("smtp.port", "secret-looking-value");
        assertThatThrownBy(() -> settings.getInt("smtp.port", 25))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("Setting 'smtp.port' must be a whole number");
        assertThatThrownBy(() -> settings.getBoolean("smtp.port", true)).isInstanceOf(InvalidSettingException.class);
    }

    @Test
    void modeComesFromConfigurationOnlyAndCannotBeStored() {
        System.clearProperty(PersistenceSettings.MODE);
        assertThat(settings.mode()).isEqualTo(AppMode.LIVE);
        assertThatThrownBy(() -> settings.put(AppSettings.MODE_KEY, "live"))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("TENANTRY_MODE");
        // a row written behind Tenantry's back does not change the mode either: encryption reads
        // configuration, so the two would disagree
        sql("INSERT INTO app_settings (key, value, updated_at) VALUES ('tenantry.mode', 'live', now())"
                + " ON CONFLICT (key) DO UPDATE SET value = 'live'");
        System.setProperty(PersistenceSettings.MODE, "demo");
        try {
            assertThat(settings.mode()).isEqualTo(AppMode.DEMO);
        } finally {
            System.clearProperty(PersistenceSettings.MODE);
            sql("DELETE FROM app_settings WHERE key = 'tenantry.mode'");
        }
    }

    @Test
    void startUpRecordsTheConfiguredMode() {
        System.setProperty(PersistenceSettings.MODE, "demo");
        try {
            assertThat(settings.recordMode()).isEqualTo(AppMode.DEMO);
            assertThat(settings.get(AppSettings.MODE_KEY)).contains("demo");
            System.setProperty(PersistenceSettings.MODE, "live");
            assertThat(settings.recordMode()).isEqualTo(AppMode.LIVE);
            assertThat(settings.get(AppSettings.MODE_KEY)).contains("live");
            System.setProperty(PersistenceSettings.MODE, "demo");
            assertThat(settings.recordMode()).as("configuration decides, with a warning").isEqualTo(AppMode.DEMO);
            assertThat(settings.get(AppSettings.MODE_KEY)).contains("demo");
        } finally {
            System.clearProperty(PersistenceSettings.MODE);
            sql("DELETE FROM app_settings WHERE key = 'tenantry.mode'");
        }
    }

    @Test
    void modeIsConfigurationAlsoBeforeTheTableExists() {
        try (TestDatabase empty = TestDatabase.create("nosettings")) {
            AppSettings unmigrated = new AppSettings(empty.endpoint().dataSource());
            assertThat(unmigrated.get("anything")).isEmpty();
            assertThat(unmigrated.mode()).isEqualTo(AppMode.LIVE);

            System.setProperty(PersistenceSettings.MODE, "demo");
            assertThat(unmigrated.mode()).isEqualTo(AppMode.DEMO);
            assertThat(unmigrated.recordMode()).isEqualTo(AppMode.DEMO);
        } finally {
            System.clearProperty(PersistenceSettings.MODE);
        }
    }

    @Test
    void invalidModeIsRejectedWithTheAcceptedValues() {
        assertThatThrownBy(() -> AppMode.parse("staging"))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("'demo' or 'live'");
    }
}
