package dev.tenantry.crypto;

/**
 * The key ring the converters use: the {@linkplain KeyRing#fromConfiguration() configured} one,
 * loaded on first use, unless the application installs another. Thread-safe.
 */
public final class Encryption {

    private static volatile KeyRing keyRing;

    private Encryption() {
    }

    /**
     * @return the key ring in use, loading it from configuration on first call
     * @throws KeyConfigurationException when the configuration is missing (live mode) or malformed
     */
    public static KeyRing keyRing() {
        KeyRing ring = keyRing;
        if (ring == null) {
            synchronized (Encryption.class) {
                ring = keyRing;
                if (ring == null) {
                    ring = KeyRing.fromConfiguration();
                    keyRing = ring;
                }
            }
        }
        return ring;
    }

    /**
     * Replaces the key ring (tests, or applications that load keys from a vault themselves).
     *
     * @param ring the key ring to use from now on
     */
    public static void install(KeyRing ring) {
        keyRing = java.util.Objects.requireNonNull(ring, "ring");
    }

    /** Forgets the key ring; the next use loads it from configuration again. */
    public static void reset() {
        keyRing = null;
    }
}
