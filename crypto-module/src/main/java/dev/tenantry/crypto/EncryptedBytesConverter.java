package dev.tenantry.crypto;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/**
 * Stores a {@code byte[]} attribute encrypted in a {@code bytea} column:
 * {@code @Convert(converter = EncryptedBytesConverter.class)}. Encrypts and decrypts through the
 * Jasypt {@code ByteEncryptor} of {@link Encryption#columns()}; bound to its place as
 * {@link EncryptedStringConverter} explains. Null stays null. Stateless and thread-safe.
 */
@Converter
public class EncryptedBytesConverter implements AttributeConverter<byte[], byte[]> {

    @Override
    public byte[] convertToDatabaseColumn(byte[] attribute) {
        return attribute == null ? null : Encryption.columns().encrypt(attribute, null);
    }

    @Override
    public byte[] convertToEntityAttribute(byte[] column) {
        return column == null ? null : Encryption.columns().decrypt(column, null);
    }
}
