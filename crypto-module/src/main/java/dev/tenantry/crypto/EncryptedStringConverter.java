package dev.tenantry.crypto;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.nio.charset.StandardCharsets;

/**
 * Stores a {@code String} attribute encrypted in a {@code text} column:
 * {@code @Convert(converter = EncryptedStringConverter.class)}. Null stays null; the empty string
 * is encrypted like any other value. Stateless and thread-safe.
 */
@Converter
public class EncryptedStringConverter implements AttributeConverter<String, String> {

    @Override
    public String convertToDatabaseColumn(String attribute) {
        return attribute == null ? null : Encryption.keyRing().sealText(attribute.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String convertToEntityAttribute(String column) {
        return column == null ? null : new String(Encryption.keyRing().openText(column), StandardCharsets.UTF_8);
    }
}
