package dev.tenantry.crypto;

import java.util.Objects;

/**
 * The {@link ColumnEncryption} the converters use: the {@linkplain ColumnEncryption#fromConfiguration()
 * configured} one, loaded on first use (or when the application starts, with its
 * {@link ColumnEncryptor} bean if it has one), unless the application installs another. Static, so
 * one per class loader: per application when Tenantry is inside the WAR, per server when it is
 * installed as a server library. Thread-safe.
 */
public final class Encryption {

    private static volatile ColumnEncryption columns;

    private Encryption() {
    }

    /**
     * @return the column encryption in use, loading it from configuration on first call
     * @throws KeyConfigurationException when the configuration is missing (live mode) or malformed
     */
    public static ColumnEncryption columns() {
        ColumnEncryption c = columns;
        if (c == null) {
            synchronized (Encryption.class) {
                c = columns;
                if (c == null) {
                    c = ColumnEncryption.fromConfiguration();
                    columns = c;
                }
            }
        }
        return c;
    }

    /**
     * @return the key ring in use
     * @throws KeyConfigurationException when the engine in use has no key ring
     */
    public static KeyRing keyRing() {
        return columns().requireKeyRing();
    }

    /**
     * Replaces what the converters use (tests, applications that load keys from a vault themselves).
     *
     * @param encryption the column encryption to use from now on
     */
    public static void install(ColumnEncryption encryption) {
        columns = Objects.requireNonNull(encryption, "encryption");
    }

    /**
     * Uses the default engine over {@code ring}, with no legacy reader.
     *
     * @param ring the key ring to use from now on
     */
    public static void install(KeyRing ring) {
        install(ColumnEncryption.of(ring));
    }

    /** Forgets what was installed or loaded; the next use loads the configuration again. */
    public static void reset() {
        columns = null;
    }
}
