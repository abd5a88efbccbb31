package dev.tenantry.crypto;

import dev.tenantry.crypto.internal.SealingKey;
import dev.tenantry.crypto.internal.Settings;
import java.lang.System.Logger.Level;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The encryption keys, by version, and which one seals new values.
 *
 * <p>Sealed values are self-describing, in two formats.
 * <ul>
 * <li><b>{@code tnc2}, bound to its place</b> (written by the converters of every entity Tenantry
 *     customizes, see {@link EncryptedAttributes}). Text form ({@code String} attributes,
 *     {@code text} columns): {@code tnc2:<keyVersion>:<base64 of flags, IV, ciphertext, tag>}. Binary
 *     form ({@code byte[]}, {@code bytea}): a format byte {@code 0x02}, the key version in two
 *     bytes, a flags byte, then IV, ciphertext and tag. The tag covers format, key version, flags and
 *     the {@link Place} (table, column, and the tenant for tenant entities), so the value decrypts
 *     only where it was written. Flag bit 0 says whether a tenant is part of the place.</li>
 * <li><b>{@code tnc1}, unbound</b> (before place binding, and written by a converter no customizer
 *     wraps): {@code tnc1:<keyVersion>:<base64 of IV, ciphertext, tag>}, binary {@code 0x01},
 *     version, IV, ciphertext, tag. The tag covers format and key version only. Still read;
 *     {@link KeyRotation} rewrites such values as {@code tnc2}.</li>
 * </ul>
 * The cipher is AES-256-GCM with a random 96-bit IV and a 128-bit tag, so any change is detected and
 * nothing is returned for it.
 *
 * <p>Immutable and thread-safe. {@link #toString()} shows versions only, never keys.
 */
public final class KeyRing {

    /** Prefix of the unbound text form ({@code tnc1}), including the format version. */
    public static final String TEXT_PREFIX = "tnc1:";
    /** Prefix of the place-bound text form ({@code tnc2}), including the format version. */
    public static final String BOUND_TEXT_PREFIX = "tnc2:";
    private static final byte BINARY_FORMAT = 0x01;
    private static final byte BOUND_BINARY_FORMAT = 0x02;
    private static final byte FLAG_TENANT = 0x01;
    private static final String UNPLACED = "it is bound to its table, column and tenant and was read without them"
            + " (read it through an entity Tenantry customizes, see EncryptedAttributes)";
    private static final int KEY_BYTES = 32;
    private static final System.Logger LOG = System.getLogger(KeyRing.class.getName());

    private final Map<Integer, SealingKey> keys;
    private final int active;

    private KeyRing(Map<Integer, SealingKey> keys, int active) {
        this.keys = Collections.unmodifiableMap(keys);
        this.active = active;
    }

    /**
     * Reads {@link CryptoSettings#KEYS} and {@link CryptoSettings#ACTIVE_KEY}. In demo mode
     * ({@link CryptoSettings#MODE} = {@code demo}) a missing key ring is replaced by a generated key,
     * with a warning; in live mode it is an error.
     *
     * @return the configured key ring
     * @throws KeyConfigurationException naming the setting to provide and its form
     */
    public static KeyRing fromConfiguration() {
        Optional<String> spec = Settings.get(CryptoSettings.KEYS);
        boolean demo = Settings.get(CryptoSettings.MODE).map(m -> m.equalsIgnoreCase("demo")).orElse(false);
        if (spec.isEmpty()) {
            if (demo) {
                LOG.log(Level.WARNING, "No encryption keys configured (" + CryptoSettings.KEYS + "): demo mode uses a"
                        + " key generated for this run. Data encrypted now CANNOT be read after a restart. Set "
                        + Settings.envName(CryptoSettings.KEYS) + " before storing anything you want to keep.");
                return generated();
            }
            throw new KeyConfigurationException("No encryption keys configured. Set " + CryptoSettings.KEYS
                    + " (environment " + Settings.envName(CryptoSettings.KEYS) + ") to comma-separated version:key"
                    + " pairs, each key 32 random bytes in base64, e.g. '1:<output of openssl rand -base64 32>'.");
        }
        return parse(spec.get(), Settings.get(CryptoSettings.ACTIVE_KEY).orElse(null));
    }

    /**
     * @param keys   comma-separated {@code version:base64key} pairs (standard or URL-safe base64)
     * @param active the version sealing new values, or {@code null} for the highest
     * @return the key ring
     * @throws KeyConfigurationException when malformed (the message never repeats a key)
     */
    public static KeyRing parse(String keys, String active) {
        TreeMap<Integer, byte[]> material = new TreeMap<>();
        for (String entry : keys.split(",")) {
            String e = entry.trim();
            int colon = e.indexOf(':');
            if (colon <= 0) {
                throw malformed("an entry is not of the form version:key");
            }
            int version = parseVersion(e.substring(0, colon), CryptoSettings.KEYS);
            byte[] key;
            String encoded = e.substring(colon + 1).trim();
            try {
                // base64 as openssl writes it, or its URL-safe alphabet ('-' and '_'), as some vaults hand keys out
                key = (encoded.indexOf('-') >= 0 || encoded.indexOf('_') >= 0 ? Base64.getUrlDecoder() : Base64.getDecoder())
                        .decode(encoded);
            } catch (IllegalArgumentException notBase64) {
                throw malformed("the key of version " + version + " is not valid base64" + (encoded.contains(":")
                        || encoded.contains(";") || encoded.contains("\n") ? " (separate the entries with commas)" : ""));
            }
            if (key.length != KEY_BYTES) {
                throw malformed("the key of version " + version + " has " + key.length + " bytes; it must have "
                        + KEY_BYTES);
            }
            if (material.put(version, key) != null) {
                throw malformed("version " + version + " appears twice");
            }
        }
        int activeVersion = active == null ? material.lastKey() : parseVersion(active, CryptoSettings.ACTIVE_KEY);
        if (!material.containsKey(activeVersion)) {
            throw new KeyConfigurationException(CryptoSettings.ACTIVE_KEY + " names key version " + activeVersion
                    + ", which " + CryptoSettings.KEYS + " does not define");
        }
        return of(material, activeVersion);
    }

    /**
     * @param keys   key material by version (32 bytes each); copied, the caller may wipe its arrays
     * @param active the version sealing new values
     * @return the key ring
     */
    public static KeyRing of(Map<Integer, byte[]> keys, int active) {
        TreeMap<Integer, SealingKey> sealing = new TreeMap<>();
        keys.forEach((version, key) -> {
            if (key.length != KEY_BYTES) {
                throw malformed("the key of version " + version + " must have " + KEY_BYTES + " bytes");
            }
            sealing.put(version, new SealingKey(version, key));
        });
        if (!sealing.containsKey(active)) {
            throw new KeyConfigurationException("Active key version " + active + " is not in the key ring");
        }
        return new KeyRing(sealing, active);
    }

    /** @return a one-key ring with a random key (demo mode, tests) */
    public static KeyRing generated() {
        byte[] key = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(key);
        KeyRing ring = of(Map.of(1, key), 1);
        Arrays.fill(key, (byte) 0);
        return ring;
    }

    /** @return the version that seals new values */
    public int activeVersion() {
        return active;
    }

    /** @return every version this ring can open */
    public SortedSet<Integer> versions() {
        return new TreeSet<>(keys.keySet());
    }

    /**
     * @param plaintext value
     * @return the text form, sealed with the active key
     */
    public String sealText(byte[] plaintext) {
        byte[] payload = keys.get(active).seal(binaryHeader(active), plaintext);
        return TEXT_PREFIX + active + ":" + Base64.getEncoder().encodeToString(payload);
    }

    /**
     * @param sealed a text-form value
     * @return the plaintext
     * @throws DecryptionFailedException when it is not authentic or its key version is unknown
     */
    public byte[] openText(String sealed) {
        if (!sealed.startsWith(TEXT_PREFIX)) {
            throw new DecryptionFailedException(sealed.startsWith(BOUND_TEXT_PREFIX) ? UNPLACED
                    : "the stored value is not a Tenantry ciphertext");
        }
        TextForm text = TextForm.parse(sealed, TEXT_PREFIX.length());
        return key(text.version).open(binaryHeader(text.version), text.body);
    }

    /** A text-form value after its prefix: {@code <keyVersion>:<base64>}, the body decoded. */
    private record TextForm(int version, byte[] body) {

        static TextForm parse(String sealed, int prefixLength) {
            int colon = sealed.indexOf(':', prefixLength);
            if (colon < 0) {
                throw new DecryptionFailedException("the stored value is truncated");
            }
            try {
                int version = Integer.parseInt(sealed.substring(prefixLength, colon));
                String encoded = sealed.substring(colon + 1);
                if (encoded.length() % 4 != 0) {   // only the canonical, padded form is accepted
                    throw new DecryptionFailedException("the stored value is truncated");
                }
                return new TextForm(version, Base64.getDecoder().decode(encoded));
            } catch (IllegalArgumentException e) {
                throw new DecryptionFailedException("the stored value is malformed");
            }
        }
    }

    /**
     * @param plaintext value
     * @return the binary form, sealed with the active key
     */
    public byte[] sealBinary(byte[] plaintext) {
        byte[] header = binaryHeader(active);
        byte[] payload = keys.get(active).seal(header, plaintext);
        byte[] out = Arrays.copyOf(header, header.length + payload.length);
        System.arraycopy(payload, 0, out, header.length, payload.length);
        return out;
    }

    /**
     * @param sealed a binary-form value
     * @return the plaintext
     * @throws DecryptionFailedException when it is not authentic or its key version is unknown
     */
    public byte[] openBinary(byte[] sealed) {
        if (sealed.length < 3 || sealed[0] != BINARY_FORMAT) {
            throw new DecryptionFailedException(sealed.length < 3 ? "the stored value is truncated"
                    : sealed[0] == BOUND_BINARY_FORMAT ? UNPLACED : "the stored value is not a Tenantry ciphertext");
        }
        int version = ((sealed[1] & 0xFF) << 8) | (sealed[2] & 0xFF);
        return key(version).open(Arrays.copyOf(sealed, 3), Arrays.copyOfRange(sealed, 3, sealed.length));
    }


    /**
     * @param plaintext value
     * @param place     where it will be stored
     * @return the place-bound text form ({@code tnc2}), sealed with the active key
     */
    public String sealText(byte[] plaintext, Place place) {
        byte flags = flags(place);
        byte[] body = keys.get(active).seal(boundHeader(active, flags), place.authenticatedBytes(), plaintext, 1);
        body[0] = flags;
        return BOUND_TEXT_PREFIX + active + ":" + Base64.getEncoder().encodeToString(body);
    }

    /**
     * Opens either text form: a {@code tnc2} value only at the place it was sealed for, a
     * {@code tnc1} value anywhere.
     *
     * @param sealed a text-form value
     * @param place  where it was read from
     * @return the plaintext
     * @throws DecryptionFailedException when it is not authentic there, or its key version is unknown
     */
    public byte[] openText(String sealed, Place place) {
        if (!sealed.startsWith(BOUND_TEXT_PREFIX)) {
            return openText(sealed);
        }
        TextForm text = TextForm.parse(sealed, BOUND_TEXT_PREFIX.length());
        if (text.body.length < 1) {
            throw new DecryptionFailedException("the stored value is truncated");
        }
        return openBound(text.version, text.body[0], text.body, 1, place);
    }

    /**
     * @param plaintext value
     * @param place     where it will be stored
     * @return the place-bound binary form, sealed with the active key
     */
    public byte[] sealBinary(byte[] plaintext, Place place) {
        byte flags = flags(place);
        byte[] header = boundHeader(active, flags);
        byte[] out = keys.get(active).seal(header, place.authenticatedBytes(), plaintext, header.length);
        System.arraycopy(header, 0, out, 0, header.length);
        return out;
    }

    /**
     * Opens either binary form: a place-bound value only at the place it was sealed for.
     *
     * @param sealed a binary-form value
     * @param place  where it was read from
     * @return the plaintext
     * @throws DecryptionFailedException when it is not authentic there, or its key version is unknown
     */
    public byte[] openBinary(byte[] sealed, Place place) {
        if (sealed.length < 1 || sealed[0] != BOUND_BINARY_FORMAT) {
            return openBinary(sealed);
        }
        if (sealed.length < 4) {
            throw new DecryptionFailedException("the stored value is truncated");
        }
        int version = ((sealed[1] & 0xFF) << 8) | (sealed[2] & 0xFF);
        return openBound(version, sealed[3], sealed, 4, place);
    }

    /**
     * @param sealed a stored text value
     * @return whether it is in Tenantry's place-bound ({@code tnc2}) or unbound ({@code tnc1}) text form
     */
    public static boolean isSealedText(String sealed) {
        return sealed.startsWith(BOUND_TEXT_PREFIX) || sealed.startsWith(TEXT_PREFIX);
    }

    /**
     * @param sealed a stored binary value
     * @return whether its header names a Tenantry format and a key version this ring holds (a legacy
     *         Jasypt value starts with random salt bytes, so this can only be judged against a ring)
     */
    public boolean isSealedBinary(byte[] sealed) {
        return sealed.length >= 3 && (sealed[0] == BINARY_FORMAT || sealed[0] == BOUND_BINARY_FORMAT)
                && keys.containsKey(((sealed[1] & 0xFF) << 8) | (sealed[2] & 0xFF));
    }

    /**
     * @param sealed a stored text value
     * @return for a place-bound value, whether a tenant is part of its place; empty for any other
     */
    public static Optional<Boolean> tenantBound(String sealed) {
        if (!sealed.startsWith(BOUND_TEXT_PREFIX)) {
            return Optional.empty();
        }
        int colon = sealed.indexOf(':', BOUND_TEXT_PREFIX.length());
        if (colon < 0 || sealed.length() < colon + 3) {
            return Optional.empty();
        }
        try {
            byte[] first = Base64.getDecoder().decode(sealed.substring(colon + 1, colon + 5 <= sealed.length()
                    ? colon + 5 : sealed.length()));
            return first.length == 0 ? Optional.empty() : Optional.of((first[0] & FLAG_TENANT) != 0);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * @param sealed a stored binary value
     * @return for a place-bound value, whether a tenant is part of its place; empty for any other
     */
    public static Optional<Boolean> tenantBound(byte[] sealed) {
        return sealed.length >= 4 && sealed[0] == BOUND_BINARY_FORMAT ? Optional.of((sealed[3] & FLAG_TENANT) != 0)
                : Optional.empty();
    }

    private byte[] openBound(int version, byte flags, byte[] body, int offset, Place place) {
        SealingKey key = key(version);
        if ((flags & ~FLAG_TENANT) != 0) {
            throw new DecryptionFailedException("the stored value is malformed");
        }
        if ((flags & FLAG_TENANT) != 0 && !place.tenantScoped()) {
            throw new DecryptionFailedException("it belongs to a tenant and was read without one (read tenant entities"
                    + " through a tenant EntityManager)");
        }
        return key.open(boundHeader(version, flags), place.authenticatedBytes(), body, offset);
    }

    private static byte flags(Place place) {
        return place.tenantScoped() ? FLAG_TENANT : 0;
    }

    private static byte[] boundHeader(int version, byte flags) {
        return new byte[] {BOUND_BINARY_FORMAT, (byte) (version >>> 8), (byte) version, flags};
    }

    private SealingKey key(int version) {
        SealingKey key = keys.get(version);
        if (key == null) {
            throw new DecryptionFailedException("it was sealed with key version " + version + ", which the key ring"
                    + " does not have (add it to " + CryptoSettings.KEYS + ")");
        }
        return key;
    }

    private static byte[] binaryHeader(int version) {
        return new byte[] {BINARY_FORMAT, (byte) (version >>> 8), (byte) version};
    }

    private static int parseVersion(String text, String setting) {
        try {
            int v = Integer.parseInt(text.trim());
            if (v >= 1 && v <= 0xFFFF) {
                return v;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        if (setting.equals(CryptoSettings.ACTIVE_KEY)) {
            throw new KeyConfigurationException(setting + " (environment " + Settings.envName(setting) + ") must name a key"
                    + " version of " + CryptoSettings.KEYS + ", a whole number from 1 to 65535, e.g. 2; leave it unset to"
                    + " seal with the highest version");
        }
        throw malformed("key versions in " + setting + " must be whole numbers from 1 to 65535");
    }

    private static KeyConfigurationException malformed(String what) {
        return new KeyConfigurationException(CryptoSettings.KEYS + " (environment " + Settings.envName(CryptoSettings.KEYS)
                + ") is malformed: " + what + ". Expected comma-separated version:key pairs, each key 32 random"
                + " bytes in base64, e.g. '1:<output of openssl rand -base64 32>'.");
    }

    @Override
    public String toString() {
        return "KeyRing[versions=" + keys.keySet() + ", active=" + active + "]";
    }

}
