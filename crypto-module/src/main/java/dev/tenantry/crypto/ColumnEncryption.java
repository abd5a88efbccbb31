package dev.tenantry.crypto;

import dev.tenantry.crypto.internal.Settings;
import dev.tenantry.crypto.internal.DecryptionFailures;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.jasypt.encryption.ByteEncryptor;
import org.jasypt.encryption.StringEncryptor;
import org.jasypt.encryption.pbe.PBEStringEncryptor;
import org.jasypt.exceptions.EncryptionInitializationException;

/**
 * What the converters encrypt and decrypt with: one <em>engine</em> that writes every new value,
 * behind Jasypt's {@link StringEncryptor} / {@link ByteEncryptor} interfaces, and what reads the
 * values already stored.
 *
 * <ul>
 * <li><b>Engine.</b> By default {@link KeyRingEncryptor} (authenticated AES-256-GCM, versioned keys,
 *     values bound to their {@link Place}). Alternatively any Jasypt encryptor: a
 *     {@link JasyptPbeEngine} from settings ({@link CryptoSettings#ENGINE} {@code = jasypt-pbe}), an
 *     application's CDI bean ({@link ColumnEncryptor}), or one given to {@link Builder#engine}.</li>
 * <li><b>Reading.</b> A value in a Tenantry format ({@code tnc1}, {@code tnc2}) is opened by the key
 *     ring (if one is configured, whatever the engine). Any other value is handed to the engine when
 *     the engine is a Jasypt encryptor, then to the <em>legacy</em> Jasypt engine
 *     ({@code tenantry.crypto.legacy.*}) if one is configured; this is how columns written by
 *     jasypt-hibernate, Spring's Jasypt integration or hand-written Jasypt calls stay readable while
 *     {@link KeyRotation} re-seals them.</li>
 * <li><b>{@link CryptoSettings#REQUIRE_BOUND}.</b> Once every value is place-bound, refuse unbound
 *     ones ({@code tnc1}, Jasypt) at places that bind, so a value copied from elsewhere cannot be
 *     read even through an old format.</li>
 * </ul>
 * Failures are {@link DecryptionFailedException}s that never carry the value: Jasypt's own
 * exceptions are replaced, not wrapped. Immutable and thread-safe.
 */
public final class ColumnEncryption {

    private static final System.Logger LOG = System.getLogger(ColumnEncryption.class.getName());

    private final KeyRing keyRing;
    private final StringEncryptor strings;
    private final ByteEncryptor bytes;
    private final PlaceBoundEncryptor bound;
    private final KeyRingEncryptor ringReader;
    private final StringEncryptor legacyStrings;
    private final ByteEncryptor legacyBytes;
    private final boolean requireBound;
    private final String description;

    private ColumnEncryption(Builder b) {
        this.keyRing = b.keyRing;
        this.ringReader = b.keyRing == null ? null : new KeyRingEncryptor(b.keyRing);
        if (b.strings == null) {
            if (ringReader == null) {
                throw new KeyConfigurationException("No column encryption engine: configure a key ring ("
                        + CryptoSettings.KEYS + ") or a Jasypt engine (" + CryptoSettings.ENGINE + "=jasypt-pbe)");
            }
            this.strings = ringReader;
            this.bytes = ringReader;
        } else {
            this.strings = b.strings;
            this.bytes = b.bytes;
        }
        this.bound = strings instanceof PlaceBoundEncryptor p ? p : null;
        this.legacyStrings = b.legacyStrings;
        this.legacyBytes = b.legacyBytes;
        this.requireBound = b.requireBound;
        this.description = "ColumnEncryption[engine=" + describe(strings) + (keyRing != null && strings != ringReader
                ? ", key ring " + keyRing + " reads tnc values" : "") + (legacyStrings != null ? ", legacy="
                + describe(legacyStrings) : "") + (requireBound ? ", unbound values refused" : "") + "]";
    }

    /**
     * The configured set-up: {@link CryptoSettings#ENGINE}, the key ring ({@link KeyRing#fromConfiguration()},
     * required when the engine is the key ring, optional otherwise), the legacy engine
     * ({@link JasyptPbeEngine#LEGACY_PREFIX}) and {@link CryptoSettings#REQUIRE_BOUND}.
     *
     * @return the configured column encryption
     * @throws KeyConfigurationException naming the setting that is missing or malformed
     */
    public static ColumnEncryption fromConfiguration() {
        return fromConfiguration(null);
    }

    /**
     * @param engine an engine that replaces the configured one (an application's CDI bean), or {@code null}
     * @return the configured column encryption with that engine
     * @throws KeyConfigurationException naming the setting that is missing or malformed
     */
    public static ColumnEncryption fromConfiguration(StringEncryptor engine) {
        String name = Settings.get(CryptoSettings.ENGINE).orElse("key-ring").toLowerCase(Locale.ROOT);
        Builder b = builder();
        if (engine != null) {
            b.engine(engine, engine instanceof ByteEncryptor be ? be : null);
        } else {
            switch (name) {
                case "key-ring" -> { }
                case "jasypt-pbe" -> {
                    JasyptPbeEngine pbe = JasyptPbeEngine.fromConfiguration(JasyptPbeEngine.ENGINE_PREFIX).orElseThrow(() ->
                            new KeyConfigurationException(CryptoSettings.ENGINE + " is jasypt-pbe but "
                                    + JasyptPbeEngine.ENGINE_PREFIX + "password is not set: set "
                                    + Settings.envName(JasyptPbeEngine.ENGINE_PREFIX + "password")));
                    b.engine(pbe, pbe);
                }
                default -> throw new KeyConfigurationException(CryptoSettings.ENGINE + " (environment "
                        + Settings.envName(CryptoSettings.ENGINE) + ") is '" + name + "'; it must be key-ring (the"
                        + " default) or jasypt-pbe");
            }
        }
        // the key ring is the engine (required, or generated in demo mode), or reads tnc values when configured
        if ((engine == null && name.equals("key-ring")) || Settings.get(CryptoSettings.KEYS).isPresent()) {
            b.keyRing(KeyRing.fromConfiguration());
        }
        JasyptPbeEngine.fromConfiguration(JasyptPbeEngine.LEGACY_PREFIX).ifPresent(legacy -> b.legacy(legacy, legacy));
        if (b.legacyStrings != null && (b.strings instanceof JasyptPbeEngine || b.strings instanceof PBEStringEncryptor)) {
            LOG.log(System.Logger.Level.WARNING, "Two Jasypt engines read columns (" + JasyptPbeEngine.ENGINE_PREFIX + "* or the"
                    + " @ColumnEncryptor bean, and " + JasyptPbeEngine.LEGACY_PREFIX + "*). Jasypt values carry no tag, so a"
                    + " byte[] value of one may open as garbage under the other (text is checked); make the key ring the engine"
                    + " while legacy values remain (see JasyptPbeEngine).");
        }
        String require = Settings.get(CryptoSettings.REQUIRE_BOUND).orElse("false").toLowerCase(Locale.ROOT);
        if (!require.equals("true") && !require.equals("false")) {
            throw new KeyConfigurationException(CryptoSettings.REQUIRE_BOUND + " must be true or false");
        }
        return b.requireBound(Boolean.parseBoolean(require)).build();
    }

    /**
     * @param keyRing the keys
     * @return the default engine over {@code keyRing}, no legacy reader
     */
    public static ColumnEncryption of(KeyRing keyRing) {
        return builder().keyRing(keyRing).build();
    }

    /** @return a builder for tests and applications that assemble their own */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the key ring, when one is configured */
    public Optional<KeyRing> keyRing() {
        return Optional.ofNullable(keyRing);
    }

    /** @return the engine that writes new text values */
    public StringEncryptor engine() {
        return strings;
    }

    /** @return whether new values are bound to their place (the engine is place-bound) */
    public boolean bindsPlaces() {
        return bound != null;
    }

    /**
     * @param plaintext the attribute value
     * @param place     where it will be stored, or {@code null} when unknown (then it is not bound)
     * @return the stored form
     */
    public String encrypt(String plaintext, Place place) {
        try {
            return bound != null && place != null ? bound.encrypt(plaintext, place) : strings.encrypt(plaintext);
        } catch (CryptoException e) {
            throw e;
        } catch (RuntimeException e) {
            throw engineFailed(e);
        }
    }

    /**
     * @param plaintext the attribute value
     * @param place     where it will be stored, or {@code null} when unknown (then it is not bound)
     * @return the stored form
     */
    public byte[] encrypt(byte[] plaintext, Place place) {
        if (bytes == null) {
            throw new CryptoException("The column encryption engine " + describe(strings) + " is no ByteEncryptor, so it cannot"
                    + " encrypt byte[] attributes; give an engine implementing both Jasypt interfaces");
        }
        try {
            return bound != null && place != null ? bound.encrypt(plaintext, place) : bytes.encrypt(plaintext);
        } catch (CryptoException e) {
            throw e;
        } catch (RuntimeException e) {
            throw engineFailed(e);
        }
    }

    /**
     * @param stored the column value
     * @param place  where it was read from, or {@code null} when unknown
     * @return the attribute value
     * @throws DecryptionFailedException when no reader can open it there (the message never holds the value)
     */
    public String decrypt(String stored, Place place) {
        return counted(() -> open(stored, place));
    }

    private String open(String stored, Place place) {
        if (ringReader != null && ringReader.wrote(stored)) {
            if (place == null) {
                return ringReader.decrypt(stored);
            }
            if (requireBound && !stored.startsWith(KeyRing.BOUND_TEXT_PREFIX)) {
                throw unboundRefused();
            }
            return ringReader.decrypt(stored, place);
        }
        if (stored.startsWith(KeyRing.BOUND_TEXT_PREFIX) || stored.startsWith(KeyRing.TEXT_PREFIX)) {
            throw new DecryptionFailedException("it was sealed by a Tenantry key ring, and none is configured (set "
                    + CryptoSettings.KEYS + ")");
        }
        if (requireBound && place != null) {
            throw unboundRefused();
        }
        return withJasypt(stored, strings != ringReader ? strings::decrypt : null,
                legacyStrings != null ? legacyStrings::decrypt : null, () -> {
                    throw notOurs();
                });
    }

    /**
     * @param stored the column value
     * @param place  where it was read from, or {@code null} when unknown
     * @return the attribute value
     * @throws DecryptionFailedException when no reader can open it there (the message never holds the value)
     */
    public byte[] decrypt(byte[] stored, Place place) {
        return counted(() -> open(stored, place));
    }

    /** Counts a failed read in the metrics (see {@code TenantryMetrics}) and lets it through. */
    private static <T> T counted(Supplier<T> read) {
        try {
            return read.get();
        } catch (DecryptionFailedException e) {
            DecryptionFailures.add();
            throw e;
        }
    }

    private byte[] open(byte[] stored, Place place) {
        if (ringReader != null && ringReader.wrote(stored)) {
            if (place == null) {
                return ringReader.decrypt(stored);
            }
            if (requireBound && KeyRing.tenantBound(stored).isEmpty()) {
                throw unboundRefused();
            }
            return ringReader.decrypt(stored, place);
        }
        if (requireBound && place != null) {
            throw unboundRefused();
        }
        return withJasypt(stored, bytes != null && bytes != ringReader ? bytes::decrypt : null,
                legacyBytes != null ? legacyBytes::decrypt : null, () -> {
                    if (ringReader != null) {
                        return ringReader.decrypt(stored);   // its own message: truncated, unknown key version, not ours
                    }
                    throw notOurs();
                });
    }

    /**
     * Opens a value with the Jasypt engine, else the legacy one; when neither is configured, the
     * fallback decides.
     *
     * @param engine   the configured engine's decrypt, or {@code null} when it is the key ring or none
     * @param legacy   the legacy engine's decrypt, or {@code null}
     * @param fallback what opens (or refuses) a value no Jasypt engine was asked about
     * @throws DecryptionFailedException naming the last engine that failed (never why: Jasypt's
     *         messages may quote the input)
     */
    private <T> T withJasypt(T stored, UnaryOperator<T> engine, UnaryOperator<T> legacy, Supplier<T> fallback) {
        DecryptionFailedException failure = null;
        if (engine != null) {
            try {
                return engine.apply(stored);
            } catch (RuntimeException e) {
                failure = jasyptFailed("the engine " + describe(strings));
            }
        }
        if (legacy != null) {
            try {
                return legacy.apply(stored);
            } catch (RuntimeException e) {
                failure = jasyptFailed("the legacy engine " + describe(legacyStrings));
            }
        }
        if (failure != null) {
            throw failure;
        }
        return fallback.get();
    }

    /** @return the same readers, accepting unbound values everywhere (rotation must read them to re-seal them) */
    ColumnEncryption acceptingUnbound() {
        if (!requireBound) {
            return this;
        }
        Builder b = builder();
        b.keyRing = keyRing;
        b.strings = strings == ringReader ? null : strings;
        b.bytes = strings == ringReader ? null : bytes;
        b.legacyStrings = legacyStrings;
        b.legacyBytes = legacyBytes;
        return b.build();
    }

    KeyRing requireKeyRing() {
        if (keyRing == null) {
            throw new KeyConfigurationException("Re-sealing values needs a key ring: set " + CryptoSettings.KEYS);
        }
        return keyRing;
    }

    /**
     * Tenantry's engines describe their settings (never a password); an application's engine is named by
     * its class only, since its {@code toString} may show anything.
     */
    private static String describe(Object engine) {
        return engine instanceof JasyptPbeEngine || engine instanceof KeyRingEncryptor ? engine.toString()
                : engine.getClass().getSimpleName();
    }

    private static DecryptionFailedException notOurs() {
        return new DecryptionFailedException("the stored value is not a Tenantry ciphertext (if Jasypt wrote it, configure"
                + " the legacy engine: " + Settings.envName(JasyptPbeEngine.LEGACY_PREFIX + "password") + " and "
                + Settings.envName(JasyptPbeEngine.LEGACY_PREFIX + "algorithm") + ")");
    }

    private static DecryptionFailedException jasyptFailed(String engine) {
        return new DecryptionFailedException("it is not a Tenantry ciphertext, and " + engine + " could not decrypt it"
                + " (wrong password or algorithm, or the value was changed)");
    }

    private static DecryptionFailedException unboundRefused() {
        return new DecryptionFailedException("it is not bound to its place, and " + CryptoSettings.REQUIRE_BOUND
                + " refuses unbound values (rotate the column first)");
    }

    private static CryptoException engineFailed(RuntimeException e) {
        if (e instanceof EncryptionInitializationException) {
            return new KeyConfigurationException("The column encryption engine cannot start (" + e.getClass().getSimpleName()
                    + "); check its settings");
        }
        return new CryptoException("The column encryption engine failed to encrypt (" + e.getClass().getSimpleName() + ")");
    }

    @Override
    public String toString() {
        return description;
    }

    /** Assembles a {@link ColumnEncryption}. Not thread-safe; the result is. */
    public static final class Builder {

        private KeyRing keyRing;
        private StringEncryptor strings;
        private ByteEncryptor bytes;
        private StringEncryptor legacyStrings;
        private ByteEncryptor legacyBytes;
        private boolean requireBound;

        private Builder() {
        }

        /**
         * @param ring the key ring: the engine unless {@link #engine} gives another, and the reader of
         *             {@code tnc} values either way
         * @return this
         */
        public Builder keyRing(KeyRing ring) {
            this.keyRing = Objects.requireNonNull(ring, "ring");
            return this;
        }

        /**
         * @param stringEngine writes new {@code String} values
         * @param byteEngine   writes new {@code byte[]} values, or {@code null} when there are none
         * @return this
         */
        public Builder engine(StringEncryptor stringEngine, ByteEncryptor byteEngine) {
            this.strings = Objects.requireNonNull(stringEngine, "stringEngine");
            this.bytes = byteEngine;
            return this;
        }

        /**
         * @param stringReader reads text values no other reader recognises
         * @param byteReader   reads binary values no other reader recognises, or {@code null}
         * @return this
         */
        public Builder legacy(StringEncryptor stringReader, ByteEncryptor byteReader) {
            this.legacyStrings = Objects.requireNonNull(stringReader, "stringReader");
            this.legacyBytes = byteReader;
            return this;
        }

        /**
         * @param require refuse unbound values at places that bind
         * @return this
         */
        public Builder requireBound(boolean require) {
            this.requireBound = require;
            return this;
        }

        /**
         * @return the column encryption
         * @throws KeyConfigurationException when neither a key ring nor an engine is given
         */
        public ColumnEncryption build() {
            return new ColumnEncryption(this);
        }
    }

}
