/**
 * Encrypted columns: JPA attribute converters that encrypt through Jasypt's {@code StringEncryptor}
 * and {@code ByteEncryptor} interfaces, and Jasypt {@code ENC(...)} configuration values
 * ({@link dev.tenantry.crypto.EncryptedConfigSource}) for the secrets around them.
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
 * <p>The engine behind the interfaces is chosen by configuration
 * ({@link dev.tenantry.crypto.CryptoSettings#ENGINE}): by default
 * {@link dev.tenantry.crypto.KeyRingEncryptor} — authenticated AES-256-GCM under versioned keys
 * ({@link dev.tenantry.crypto.KeyRing}), each value bound to its {@link dev.tenantry.crypto.Place}
 * (table, column, tenant) by {@link dev.tenantry.crypto.EncryptedAttributes} — or a Jasypt PBE
 * encryptor ({@link dev.tenantry.crypto.JasyptPbeEngine}), or an application's
 * {@link dev.tenantry.crypto.ColumnEncryptor} bean. Values an application wrote with Jasypt before
 * Tenantry are read by a legacy engine and re-sealed by {@link dev.tenantry.crypto.KeyRotation}
 * (see {@link dev.tenantry.crypto.ColumnEncryption}). A changed, truncated, misplaced or foreign
 * ciphertext fails with {@link dev.tenantry.crypto.DecryptionFailedException} instead of returning
 * garbage. Keys, plaintext and ciphertext never appear in messages or logs.
 *
 * <p>This module depends on no other Tenantry module, so its exceptions have their own root,
 * {@link dev.tenantry.crypto.CryptoException}.
 */
package dev.tenantry.crypto;
