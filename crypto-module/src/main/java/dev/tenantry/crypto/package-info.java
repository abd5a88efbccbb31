/**
 * Encrypted columns: JPA attribute converters with authenticated (AES-256-GCM), versioned,
 * rotatable keys, and Jasypt {@code ENC(...)} configuration values
 * ({@link dev.tenantry.crypto.EncryptedConfigSource}) for the secrets around them, the key ring
 * included.
 *
 * <pre>{@code
 * @Convert(converter = EncryptedStringConverter.class)
 * @Column(name = "api_token")
 * private String apiToken;          // column: text
 *
 * @Convert(converter = EncryptedBytesConverter.class)
 * private byte[] privateKey;        // column: bytea
 * }</pre>
 *
 * <p>Keys come from configuration ({@link dev.tenantry.crypto.CryptoSettings}). Every value carries
 * the version of the key that sealed it, so old rows stay readable after a new key becomes active;
 * {@link dev.tenantry.crypto.KeyRotation} re-encrypts them. A changed, truncated or foreign
 * ciphertext fails with {@link dev.tenantry.crypto.DecryptionFailedException} instead of returning
 * garbage. Keys, plaintext and ciphertext never appear in messages or logs.
 *
 * <p>This module depends on no other Tenantry module, so its exceptions have their own root,
 * {@link dev.tenantry.crypto.CryptoException}.
 */
package dev.tenantry.crypto;
