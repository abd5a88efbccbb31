package dev.tenantry.crypto;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/**
 * Stores a {@code byte[]} attribute encrypted in a {@code bytea} column:
 * {@code @Convert(converter = EncryptedBytesConverter.class)}. Null stays null. Stateless and
 * thread-safe.
 */
@Converter
public class EncryptedBytesConverter implements AttributeConverter<byte[], byte[]> {

    @Override
    public byte[] convertToDatabaseColumn(byte[] attribute) {
        return attribute == null ? null : Encryption.keyRing().sealBinary(attribute);
    }

    @Override
    public byte[] convertToEntityAttribute(byte[] column) {
        return column == null ? null : Encryption.keyRing().openBinary(column);
    }
}
