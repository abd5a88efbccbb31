package dev.tenantry.crypto;

/** The key configuration is missing or malformed; the message says which setting to provide and its form. */
public final class KeyConfigurationException extends CryptoException {

    private static final long serialVersionUID = 1L;

    /** @param message which setting, and the expected form (never a key) */
    public KeyConfigurationException(String message) {
        super(message);
    }
}
