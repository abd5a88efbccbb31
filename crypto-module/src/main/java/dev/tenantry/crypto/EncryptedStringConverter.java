package dev.tenantry.crypto;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/**
 * Stores a {@code String} attribute encrypted in a {@code text} column:
 * {@code @Convert(converter = EncryptedStringConverter.class)}. Encrypts and decrypts through the
 * Jasypt {@code StringEncryptor} of {@link Encryption#columns()}. On an entity Tenantry customizes
 * (every {@code BaseEntity}, or {@code @Customizer(EncryptedAttributes.class)}) values are bound to
 * their table, column and tenant; used alone, the converter cannot know its place and writes unbound
 * values. Null stays null; the empty string is encrypted like any other value. Stateless and
 * thread-safe.
 */
@Converter
public class EncryptedStringConverter implements AttributeConverter<String, String> {

    @Override
    public String convertToDatabaseColumn(String attribute) {
        return attribute == null ? null : Encryption.columns().encrypt(attribute, null);
    }

    @Override
    public String convertToEntityAttribute(String column) {
        return column == null ? null : Encryption.columns().decrypt(column, null);
    }
}
