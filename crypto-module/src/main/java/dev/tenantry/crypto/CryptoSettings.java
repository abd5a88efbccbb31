package dev.tenantry.crypto;

/**
 * Configuration keys of the crypto module. Read through MicroProfile Config where present, else
 * system properties, else environment variables (upper-case, dots and dashes as underscores).
 */
public final class CryptoSettings {

    /**
     * The key ring: comma-separated {@code version:key} pairs, each key 32 random bytes in base64.
     * Example: {@code 1:3q2+7w...=,2:q83vEj...=}. Environment {@code TENANTRY_CRYPTO_KEYS}. Required in
     * live mode. Generate a key with {@code openssl rand -base64 32}.
     */
    public static final String KEYS = "tenantry.crypto.keys";

    /**
     * The key version that seals new values. Default: the highest version in {@link #KEYS}.
     * Environment {@code TENANTRY_CRYPTO_ACTIVE_KEY}.
     */
    public static final String ACTIVE_KEY = "tenantry.crypto.active-key";

    /**
     * The engine that encrypts new column values: {@code key-ring} (default: Tenantry's authenticated,
     * versioned, place-bound AES-256-GCM, {@link KeyRingEncryptor}) or {@code jasypt-pbe} (a Jasypt
     * PBE encryptor configured by the {@code tenantry.crypto.jasypt.*} settings of
     * {@link JasyptPbeEngine}). An application's CDI bean qualified {@link ColumnEncryptor} replaces
     * either. Environment {@code TENANTRY_CRYPTO_ENGINE}.
     */
    public static final String ENGINE = "tenantry.crypto.engine";

    /**
     * {@code true} refuses values that are not bound to their place ({@code tnc1}, Jasypt) when read
     * through an entity Tenantry customizes; default {@code false}. Turn it on once
     * {@link KeyRotation} reports no unbound value left. Environment {@code TENANTRY_CRYPTO_REQUIRE_BOUND}.
     */
    public static final String REQUIRE_BOUND = "tenantry.crypto.require-bound";

    /**
     * The application mode, shared with the persistence module: {@code live} (default) or
     * {@code demo}. In demo mode a missing key ring is replaced by a generated key, with a warning:
     * data encrypted with it cannot be read after a restart.
     */
    public static final String MODE = "tenantry.mode";

    /**
     * Password for {@code ENC(...)} configuration values (Jasypt PBEWITHHMACSHA512ANDAES_256).
     * Environment {@code TENANTRY_CONFIG_PASSWORD}. See {@link EncryptedConfigSource}.
     */
    public static final String CONFIG_PASSWORD = "tenantry.config.password";

    private CryptoSettings() {
    }
}
