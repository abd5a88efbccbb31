package dev.tenantry.crypto;

import org.jasypt.encryption.ByteEncryptor;
import org.jasypt.encryption.StringEncryptor;

/**
 * A Jasypt encryptor that can also bind a value to the {@link Place} where it is stored, so the
 * value decrypts there and nowhere else. Tenantry's converters use the place-taking methods when
 * they know the place (every entity {@link EncryptedAttributes} customizes) and Jasypt's own
 * methods otherwise. {@link KeyRingEncryptor}, the default engine, implements it; a plain Jasypt
 * encryptor used as the engine does not, and its values are not bound.
 */
public interface PlaceBoundEncryptor extends StringEncryptor, ByteEncryptor {

    /**
     * @param message plaintext
     * @param place   where the result will be stored
     * @return the stored form
     */
    String encrypt(String message, Place place);

    /**
     * @param encryptedMessage the stored form
     * @param place            where it was read from
     * @return the plaintext
     * @throws DecryptionFailedException when the value is not authentic at {@code place}
     */
    String decrypt(String encryptedMessage, Place place);

    /**
     * @param message plaintext
     * @param place   where the result will be stored
     * @return the stored form
     */
    byte[] encrypt(byte[] message, Place place);

    /**
     * @param encryptedMessage the stored form
     * @param place            where it was read from
     * @return the plaintext
     * @throws DecryptionFailedException when the value is not authentic at {@code place}
     */
    byte[] decrypt(byte[] encryptedMessage, Place place);

    /**
     * @param stored a stored text value
     * @return whether this engine wrote it (otherwise a legacy engine may have)
     */
    boolean wrote(String stored);

    /**
     * @param stored a stored binary value
     * @return whether this engine wrote it (otherwise a legacy engine may have)
     */
    boolean wrote(byte[] stored);
}
