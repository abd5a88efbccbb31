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
 * <p>Sealed values are self-describing. Text form (for {@code String} attributes, {@code text}
 * columns): {@code tnc1:<keyVersion>:<base64>}. Binary form (for {@code byte[]}, {@code bytea}):
 * one format byte {@code 0x01}, the key version in two bytes, then the same payload. The payload is
 * AES-256-GCM: a random 96-bit IV, the ciphertext and a 128-bit tag that also covers format and key
 * version, so any change is detected and nothing is returned for it.
 *
 * <p>Immutable and thread-safe. {@link #toString()} shows versions only, never keys.
 */
public final class KeyRing {

    /** Prefix of the text form, including the format version. */
    public static final String TEXT_PREFIX = "tnc1:";
    private static final byte BINARY_FORMAT = 0x01;
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
     * @param keys   comma-separated {@code version:base64key} pairs
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
            try {
                key = Base64.getDecoder().decode(e.substring(colon + 1).trim());
            } catch (IllegalArgumentException notBase64) {
                throw malformed("the key of version " + version + " is not valid base64");
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
            throw new DecryptionFailedException("the stored value is not a Tenantry ciphertext");
        }
        int colon = sealed.indexOf(':', TEXT_PREFIX.length());
        if (colon < 0) {
            throw new DecryptionFailedException("the stored value is truncated");
        }
        int version;
        byte[] payload;
        try {
            version = Integer.parseInt(sealed.substring(TEXT_PREFIX.length(), colon));
            String encoded = sealed.substring(colon + 1);
            if (encoded.length() % 4 != 0) {   // only the canonical, padded form is accepted
                throw new DecryptionFailedException("the stored value is truncated");
            }
            payload = Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            throw new DecryptionFailedException("the stored value is malformed");
        }
        return key(version).open(binaryHeader(version), payload);
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
                    : "the stored value is not a Tenantry ciphertext");
        }
        int version = ((sealed[1] & 0xFF) << 8) | (sealed[2] & 0xFF);
        return key(version).open(Arrays.copyOf(sealed, 3), Arrays.copyOfRange(sealed, 3, sealed.length));
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
