package dev.tenantry.crypto;

import dev.tenantry.crypto.internal.Settings;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.jasypt.commons.CommonUtils;
import org.jasypt.contrib.org.apache.commons.codec_1_3.binary.Base64;
import org.jasypt.encryption.ByteEncryptor;
import org.jasypt.encryption.StringEncryptor;
import org.jasypt.encryption.pbe.PooledPBEByteEncryptor;
import org.jasypt.encryption.pbe.PooledPBEStringEncryptor;
import org.jasypt.encryption.pbe.StandardPBEByteEncryptor;
import org.jasypt.encryption.pbe.StandardPBEStringEncryptor;
import org.jasypt.encryption.pbe.config.SimpleStringPBEConfig;
import org.jasypt.exceptions.EncryptionInitializationException;
import org.jasypt.exceptions.EncryptionOperationNotPossibleException;
import org.jasypt.iv.IvGenerator;
import org.jasypt.iv.NoIvGenerator;
import org.jasypt.iv.RandomIvGenerator;
import org.jasypt.salt.RandomSaltGenerator;
import org.jasypt.salt.SaltGenerator;
import org.jasypt.salt.ZeroSaltGenerator;

/**
 * A Jasypt password-based (PBE) encryptor pair, {@code StandardPBEStringEncryptor} /
 * {@code StandardPBEByteEncryptor} (or their {@code Pooled…} variants), configured from settings
 * under a prefix: {@code tenantry.crypto.jasypt.} for the engine that writes
 * ({@link CryptoSettings#ENGINE} {@code = jasypt-pbe}), {@code tenantry.crypto.legacy.} for one that
 * only reads values an application wrote with Jasypt before Tenantry.
 *
 * <table>
 * <caption>Settings (after the prefix)</caption>
 * <tr><th>key</th><th>default</th><th>meaning</th></tr>
 * <tr><td>{@code password}</td><td>none: required</td><td>the Jasypt password; give it in the
 *     environment, or as {@code ENC(...)} (see {@link EncryptedConfigSource})</td></tr>
 * <tr><td>{@code algorithm}</td><td>{@code PBEWithMD5AndDES} (Jasypt's own default)</td><td>any
 *     JCE PBE algorithm, e.g. {@code PBEWITHHMACSHA512ANDAES_256}</td></tr>
 * <tr><td>{@code iterations}</td><td>{@code 1000}</td><td>key-obtention iterations</td></tr>
 * <tr><td>{@code salt-generator}</td><td>{@code random}</td><td>{@code random}, {@code zero} or a
 *     {@code SaltGenerator} class name</td></tr>
 * <tr><td>{@code iv-generator}</td><td>{@code random} for AES algorithms, else {@code none}</td><td>
 *     {@code random}, {@code none} or an {@code IvGenerator} class name (Jasypt 1.9.3 writes no IV
 *     unless told; Spring Boot's Jasypt starter uses a random one with AES)</td></tr>
 * <tr><td>{@code pool-size}</td><td>{@code 1}</td><td>above 1: {@code PooledPBE…Encryptor}s of that
 *     size, so that many threads encrypt at once</td></tr>
 * <tr><td>{@code provider}</td><td>the JVM's</td><td>a JCE provider name</td></tr>
 * <tr><td>{@code output-type}</td><td>{@code base64}</td><td>{@code base64} or {@code hexadecimal}
 *     (text columns)</td></tr>
 * </table>
 *
 * <p>Jasypt PBE is unauthenticated (CBC, no tag) and derives a key per value: a changed value, or
 * one made with another password, may pass the padding check (about one in 256) and decrypt to
 * garbage instead of failing; nothing binds a value to its place; and each value costs the key
 * derivation (see the crypto benchmark). Text is checked to be well-formed UTF-8 (see
 * {@link #decrypt(String)}), which turns nearly all of that garbage into a failure: of the shortest
 * values, about one wrong-password read in 1.5 million slips through with AES and one in 16,000
 * with DES (8-byte blocks), far fewer for longer values. Bytes cannot be checked, so do not
 * configure the Jasypt engine and the legacy engine together over {@code byte[]} columns (a value of
 * one read by the other may open as garbage): make the key ring the engine (its values are tagged
 * and authenticated) and keep the legacy engine beside it. Use Jasypt PBE to keep reading existing
 * Jasypt columns while {@link KeyRotation} moves them to the key ring, or where a policy names
 * Jasypt. Thread-safe; the password is never shown by {@link #toString()}.
 */
public final class JasyptPbeEngine implements StringEncryptor, ByteEncryptor {

    /** Prefix of the settings of the engine selected by {@link CryptoSettings#ENGINE} {@code = jasypt-pbe}. */
    public static final String ENGINE_PREFIX = "tenantry.crypto.jasypt.";
    /** Prefix of the settings of the engine that reads values written by Jasypt before Tenantry. */
    public static final String LEGACY_PREFIX = "tenantry.crypto.legacy.";

    private final StringEncryptor strings;
    private final ByteEncryptor bytes;
    private final boolean hexadecimal;
    private final String description;

    private JasyptPbeEngine(StringEncryptor strings, ByteEncryptor bytes, boolean hexadecimal, String description) {
        this.strings = strings;
        this.bytes = bytes;
        this.hexadecimal = hexadecimal;
        this.description = description;
    }

    /**
     * @param prefix {@link #ENGINE_PREFIX}, {@link #LEGACY_PREFIX} or an application's own
     * @return the configured engine, or empty when no {@code password} is set under the prefix
     * @throws KeyConfigurationException when a setting is malformed, or settings other than the password are given
     *                                   without it
     */
    public static Optional<JasyptPbeEngine> fromConfiguration(String prefix) {
        Optional<String> password = Settings.get(prefix + "password");
        if (password.isEmpty()) {
            for (String key : new String[] {"algorithm", "iterations", "salt-generator", "iv-generator", "pool-size"}) {
                if (Settings.get(prefix + key).isPresent()) {
                    throw new KeyConfigurationException(prefix + key + " is set but " + prefix + "password is not: set "
                            + Settings.envName(prefix + "password") + " to the Jasypt password");
                }
            }
            return Optional.empty();
        }
        String algorithm = Settings.get(prefix + "algorithm").orElse("PBEWithMD5AndDES");
        return Optional.of(create(password.get(), algorithm,
                positive(prefix + "iterations", Settings.get(prefix + "iterations").orElse("1000")),
                saltGenerator(prefix, Settings.get(prefix + "salt-generator").orElse("random")),
                ivGenerator(prefix, Settings.get(prefix + "iv-generator").orElse(defaultIv(algorithm))),
                positive(prefix + "pool-size", Settings.get(prefix + "pool-size").orElse("1")),
                Settings.get(prefix + "provider").orElse(null),
                outputType(prefix, Settings.get(prefix + "output-type").orElse("base64"))));
    }

    /**
     * @param password      the Jasypt password
     * @param algorithm     a JCE PBE algorithm
     * @param iterations    key-obtention iterations
     * @param saltGenerator salt generator
     * @param ivGenerator   IV generator
     * @param poolSize      1 for Jasypt's standard encryptors, more for pooled ones of that size
     * @param provider      JCE provider name, or {@code null}
     * @param outputType    {@code base64} or {@code hexadecimal}
     * @return the engine, initialised (a bad algorithm fails here, not at the first value)
     * @throws KeyConfigurationException when Jasypt cannot initialise with these settings
     */
    public static JasyptPbeEngine create(String password, String algorithm, int iterations, SaltGenerator saltGenerator,
                                         IvGenerator ivGenerator, int poolSize, String provider, String outputType) {
        Objects.requireNonNull(password, "password");
        try {
            // Jasypt wipes a config's password when an encryptor initialises: one config per encryptor
            java.util.function.Supplier<SimpleStringPBEConfig> settings = () -> {
                SimpleStringPBEConfig config = new SimpleStringPBEConfig();
                config.setPassword(password);
                config.setAlgorithm(algorithm);
                config.setKeyObtentionIterations(iterations);
                config.setSaltGenerator(saltGenerator);
                config.setIvGenerator(ivGenerator);
                config.setPoolSize(poolSize);
                config.setStringOutputType(outputType);
                if (provider != null) {
                    config.setProviderName(provider);
                }
                return config;
            };
            StringEncryptor strings;
            ByteEncryptor bytes;
            if (poolSize > 1) {
                PooledPBEStringEncryptor s = new PooledPBEStringEncryptor();
                s.setConfig(settings.get());
                s.initialize();
                PooledPBEByteEncryptor b = new PooledPBEByteEncryptor();
                b.setConfig(settings.get());
                b.initialize();
                strings = s;
                bytes = b;
            } else {
                StandardPBEStringEncryptor s = new StandardPBEStringEncryptor();
                s.setConfig(settings.get());
                s.initialize();
                StandardPBEByteEncryptor b = new StandardPBEByteEncryptor();
                b.setConfig(settings.get());
                b.initialize();
                strings = s;
                bytes = b;
            }
            String description = "JasyptPbeEngine[" + algorithm + ", " + iterations + " iterations, salt "
                    + saltGenerator.getClass().getSimpleName() + ", IV " + ivGenerator.getClass().getSimpleName()
                    + (poolSize > 1 ? ", pool " + poolSize : "") + "]";
            return new JasyptPbeEngine(strings, bytes, outputType.equalsIgnoreCase("hexadecimal"), description);
        } catch (EncryptionInitializationException e) {
            throw new KeyConfigurationException("The Jasypt engine (" + algorithm + ") cannot start: " + e.getMessage()
                    + ". Check the algorithm name and the provider.");
        }
    }

    @Override
    public String encrypt(String message) {
        return strings.encrypt(message);
    }

    /**
     * Decrypts as Jasypt's {@code StandardPBEStringEncryptor} does, except that the result must be
     * well-formed UTF-8: Jasypt would turn the bytes that a wrong password lets through its padding
     * check (about one value in 256) into a string of replacement characters; here they fail like
     * any other wrong password. A value Jasypt wrote from a Java string is always well-formed, so
     * nothing readable before is refused now.
     *
     * @throws EncryptionOperationNotPossibleException when the value does not decrypt to text
     */
    @Override
    public String decrypt(String encryptedMessage) {
        if (encryptedMessage == null) {
            return null;
        }
        byte[] sealed;
        try {
            sealed = hexadecimal ? CommonUtils.fromHexadecimal(encryptedMessage)
                    : new Base64().decode(encryptedMessage.getBytes(StandardCharsets.US_ASCII));
        } catch (RuntimeException e) {
            throw new EncryptionOperationNotPossibleException();
        }
        byte[] plain = bytes.decrypt(sealed);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(plain)).toString();
        } catch (CharacterCodingException e) {
            throw new EncryptionOperationNotPossibleException();
        }
    }

    @Override
    public byte[] encrypt(byte[] message) {
        return bytes.encrypt(message);
    }

    @Override
    public byte[] decrypt(byte[] encryptedMessage) {
        return bytes.decrypt(encryptedMessage);
    }

    @Override
    public String toString() {
        return description;
    }

    private static String defaultIv(String algorithm) {
        return algorithm.toUpperCase(Locale.ROOT).contains("AES") ? "random" : "none";
    }

    private static SaltGenerator saltGenerator(String prefix, String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "random" -> new RandomSaltGenerator();
            case "zero" -> new ZeroSaltGenerator();
            default -> instance(prefix + "salt-generator", name, SaltGenerator.class);
        };
    }

    private static IvGenerator ivGenerator(String prefix, String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "random" -> new RandomIvGenerator();
            case "none" -> new NoIvGenerator();
            default -> instance(prefix + "iv-generator", name, IvGenerator.class);
        };
    }

    private static <T> T instance(String key, String className, Class<T> type) {
        try {
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            Class<?> c = Class.forName(className, true, loader != null ? loader : JasyptPbeEngine.class.getClassLoader());
            return type.cast(c.getConstructor().newInstance());
        } catch (ReflectiveOperationException | ClassCastException | LinkageError e) {
            throw new KeyConfigurationException(key + " names '" + className + "', which is not a " + type.getSimpleName()
                    + " class with a public no-argument constructor (or use one of the documented short names)");
        }
    }

    private static int positive(String key, String value) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new KeyConfigurationException(key + " must be a whole number of 1 or more");
    }

    private static String outputType(String prefix, String value) {
        String v = value.toLowerCase(Locale.ROOT);
        if (!v.equals("base64") && !v.equals("hexadecimal")) {
            throw new KeyConfigurationException(prefix + "output-type must be base64 or hexadecimal");
        }
        return v;
    }
}
