package dev.tenantry.crypto;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Tenantry's default column engine behind Jasypt's {@code StringEncryptor} and
 * {@code ByteEncryptor} interfaces: authenticated AES-256-GCM under a versioned {@link KeyRing}.
 * With a {@link Place} it writes the place-bound {@code tnc2} format; through Jasypt's one-argument
 * methods it writes the unbound {@code tnc1} format, which any place reads. Strings are encrypted
 * as UTF-8. Thread-safe.
 */
public final class KeyRingEncryptor implements PlaceBoundEncryptor {

    private final KeyRing keyRing;

    /** @param keyRing the keys */
    public KeyRingEncryptor(KeyRing keyRing) {
        this.keyRing = Objects.requireNonNull(keyRing, "keyRing");
    }

    /** @return the keys */
    public KeyRing keyRing() {
        return keyRing;
    }

    @Override
    public String encrypt(String message) {
        return keyRing.sealText(message.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String decrypt(String encryptedMessage) {
        return new String(keyRing.openText(encryptedMessage), StandardCharsets.UTF_8);
    }

    @Override
    public byte[] encrypt(byte[] message) {
        return keyRing.sealBinary(message);
    }

    @Override
    public byte[] decrypt(byte[] encryptedMessage) {
        return keyRing.openBinary(encryptedMessage);
    }

    @Override
    public String encrypt(String message, Place place) {
        return keyRing.sealText(message.getBytes(StandardCharsets.UTF_8), place);
    }

    @Override
    public String decrypt(String encryptedMessage, Place place) {
        return new String(keyRing.openText(encryptedMessage, place), StandardCharsets.UTF_8);
    }

    @Override
    public byte[] encrypt(byte[] message, Place place) {
        return keyRing.sealBinary(message, place);
    }

    @Override
    public byte[] decrypt(byte[] encryptedMessage, Place place) {
        return keyRing.openBinary(encryptedMessage, place);
    }

    @Override
    public boolean wrote(String stored) {
        return KeyRing.isSealedText(stored);
    }

    @Override
    public boolean wrote(byte[] stored) {
        return keyRing.isSealedBinary(stored);
    }

    @Override
    public String toString() {
        return "KeyRingEncryptor[" + keyRing + "]";
    }
}
