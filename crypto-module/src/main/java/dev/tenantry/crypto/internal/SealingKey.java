package dev.tenantry.crypto.internal;

import dev.tenantry.crypto.DecryptionFailedException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jasypt.encryption.pbe.PooledPBEByteEncryptor;
import org.jasypt.exceptions.EncryptionOperationNotPossibleException;
import org.jasypt.iv.RandomIvGenerator;
import org.jasypt.salt.RandomSaltGenerator;

/**
 * One key version: Jasypt encrypts, an HMAC-SHA256 tag authenticates (encrypt-then-MAC).
 *
 * <p>Both sub-keys are derived from the 256-bit master key with HMAC-SHA256 and distinct labels, so
 * the encryption and MAC keys are independent. Jasypt's password is that random encryption key: a
 * single PBE iteration is enough (iterations stretch human passwords; a random 256-bit key needs no
 * stretching), which keeps per-value cost close to raw AES. Thread-safe: Jasypt's pooled encryptor
 * spreads work over one cipher per core; each thread has its own {@link Mac}.
 */
public final class SealingKey {

    /** Bytes of the HMAC-SHA256 tag. */
    public static final int TAG_LENGTH = 32;
    private static final String ALGORITHM = "PBEWITHHMACSHA512ANDAES_256";
    private static final String MAC = "HmacSHA256";

    private final int version;
    private final PooledPBEByteEncryptor jasypt;
    private final ThreadLocal<Mac> mac;

    /**
     * @param version    key version, 1 to 65535
     * @param masterKey  32 random bytes; not kept
     */
    public SealingKey(int version, byte[] masterKey) {
        this.version = version;
        byte[] encryptionKey = derive(masterKey, "tenantry/v1/encryption");
        byte[] macKey = derive(masterKey, "tenantry/v1/authentication");
        this.jasypt = new PooledPBEByteEncryptor();
        jasypt.setPoolSize(Math.max(2, Runtime.getRuntime().availableProcessors()));
        jasypt.setAlgorithm(ALGORITHM);
        jasypt.setKeyObtentionIterations(1);
        jasypt.setSaltGenerator(new RandomSaltGenerator());
        jasypt.setIvGenerator(new RandomIvGenerator());
        jasypt.setPasswordCharArray(Base64.getEncoder().encodeToString(encryptionKey).toCharArray());
        jasypt.initialize();
        Arrays.fill(encryptionKey, (byte) 0);
        SecretKeySpec macSpec = new SecretKeySpec(macKey, MAC);
        this.mac = ThreadLocal.withInitial(() -> {
            try {
                Mac m = Mac.getInstance(MAC);
                m.init(macSpec);
                return m;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
            }
        });
    }

    /** @return the key version */
    public int version() {
        return version;
    }

    /**
     * @param header    bytes that identify format and key version, authenticated with the body
     * @param plaintext value to seal
     * @return Jasypt's output (salt, IV, ciphertext) followed by the tag
     */
    public byte[] seal(byte[] header, byte[] plaintext) {
        byte[] body = jasypt.encrypt(plaintext);
        byte[] out = Arrays.copyOf(body, body.length + TAG_LENGTH);
        System.arraycopy(tag(header, body, body.length), 0, out, body.length, TAG_LENGTH);
        return out;
    }

    /**
     * @param header the same header bytes given to {@link #seal}
     * @param sealed Jasypt's output followed by the tag
     * @return the plaintext
     * @throws DecryptionFailedException when the tag does not match (changed, truncated, foreign value)
     */
    public byte[] open(byte[] header, byte[] sealed) {
        int bodyLength = sealed.length - TAG_LENGTH;
        if (bodyLength <= 0) {
            throw new DecryptionFailedException("the stored value is truncated");
        }
        byte[] expected = tag(header, sealed, bodyLength);
        byte[] actual = Arrays.copyOfRange(sealed, bodyLength, sealed.length);
        if (!MessageDigest.isEqual(expected, actual)) {
            throw new DecryptionFailedException("the stored value failed authentication (it was changed, truncated"
                    + " or copied from elsewhere)");
        }
        try {
            return jasypt.decrypt(Arrays.copyOf(sealed, bodyLength));
        } catch (EncryptionOperationNotPossibleException e) {
            // authenticated but undecryptable: written by a different cipher set-up under the same key
            throw new DecryptionFailedException("the stored value is authentic but could not be decrypted");
        }
    }

    private byte[] tag(byte[] header, byte[] body, int bodyLength) {
        Mac m = mac.get();
        m.update(header);
        m.update(body, 0, bodyLength);
        return m.doFinal();
    }

    private static byte[] derive(byte[] masterKey, String label) {
        try {
            Mac m = Mac.getInstance(MAC);
            m.init(new SecretKeySpec(masterKey, MAC));
            return m.doFinal(label.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
    }

    @Override
    public String toString() {
        return "SealingKey[version=" + version + "]";
    }
}
