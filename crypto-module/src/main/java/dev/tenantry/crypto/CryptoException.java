package dev.tenantry.crypto;

/**
 * The root of the crypto module's exceptions. Messages never contain keys, plaintext or ciphertext.
 * Not a {@code TenantryException}: this jar depends on none of Tenantry's other modules (catch both
 * where an application handles every Tenantry failure in one place).
 */
public class CryptoException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message what failed and what to do */
    public CryptoException(String message) {
        super(message);
    }

    /**
     * @param message what failed and what to do
     * @param cause   underlying failure (never carrying secret material)
     */
    public CryptoException(String message, Throwable cause) {
        super(message, cause);
    }
}
