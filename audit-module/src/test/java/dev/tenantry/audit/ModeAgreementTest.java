package dev.tenantry.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantry.crypto.CryptoSettings;
import dev.tenantry.crypto.KeyConfigurationException;
import dev.tenantry.crypto.KeyRing;
import dev.tenantry.embedded.TestDatabase;
import dev.tenantry.persistence.PersistenceSettings;
import dev.tenantry.persistence.migration.MigrationRunner;
import dev.tenantry.persistence.settings.AppMode;
import dev.tenantry.persistence.settings.AppSettings;
import java.util.Arrays;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Settings × encryption: whatever configuration and {@code app_settings} hold, the mode the
 * persistence module runs in (seeds) and the one the crypto module runs in (a throw-away key is
 * allowed only in demo mode) are the same. Before issue 15 a live row in {@code app_settings} made
 * persistence live while encryption stayed demo and sealed data with a key lost at restart.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ModeAgreementTest {

    private TestDatabase db;
    private AppSettings settings;

    @BeforeAll
    void database() {
        db = TestDatabase.create(getClass().getSimpleName());
        DataSource ds = db.endpoint().dataSource();
        new MigrationRunner(ds, getClass().getClassLoader(), List.of("classpath:db/migration")).migrate();
        settings = new AppSettings(ds);
    }

    @AfterAll
    void drop() {
        System.clearProperty(PersistenceSettings.MODE);
        db.close();
    }

    @Test
    void persistenceAndEncryptionAlwaysRunInTheSameMode() {
        assertThat(System.getenv(CryptoSettings.KEYS.toUpperCase().replace('.', '_'))).as("no keys in this environment").isNull();
        System.clearProperty(CryptoSettings.KEYS);
        for (String configured : Arrays.asList(null, "demo", "live", "DEMO", " Live ")) {
            for (String stored : Arrays.asList(null, "demo", "live")) {
                db.execute("DELETE FROM app_settings");
                if (stored != null) {
                    db.execute("INSERT INTO app_settings (key, value, updated_at) VALUES ('tenantry.mode', '" + stored + "', now())");
                }
                if (configured == null) {
                    System.clearProperty(PersistenceSettings.MODE);
                } else {
                    System.setProperty(PersistenceSettings.MODE, configured);
                }
                AppMode persistence = settings.mode();
                boolean encryptionDemo;
                try {
                    KeyRing.fromConfiguration();
                    encryptionDemo = true;
                } catch (KeyConfigurationException live) {
                    encryptionDemo = false;
                }
                assertThat(encryptionDemo).as("configured %s, stored %s", configured, stored)
                        .isEqualTo(persistence == AppMode.DEMO);
            }
        }
    }
}
