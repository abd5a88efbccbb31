package dev.tenantry.persistence;

/**
 * The root of every exception Tenantry throws but the crypto module's, whose root is
 * {@code dev.tenantry.crypto.CryptoException}: that jar depends on none of Tenantry's other modules, so
 * it can decrypt configuration values without them. Unchecked, like {@code PersistenceException}.
 *
 * <p>Messages say what failed, the relevant state and what to do; they never contain SQL text,
 * secrets, keys or ciphertext, so they are safe to log and (for the 4xx leaves) to show.
 */
public class TenantryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed and what to do
     */
    public TenantryException(String message) {
        super(message);
    }

    /**
     * @param message what failed and what to do
     * @param cause   the underlying failure (kept for stack traces; its message is never shown to clients)
     */
    public TenantryException(String message, Throwable cause) {
        super(message, cause);
    }
}
