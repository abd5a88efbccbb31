package dev.tenantry.crypto.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantry.crypto.EncryptedStringConverter;
import org.eclipse.persistence.mappings.converters.ConverterClass;
import org.junit.jupiter.api.Test;

/** Fails loudly when an EclipseLink upgrade moves the field decryption messages depend on. */
class ConverterClassNamesTest {

    @Test
    void readsTheJpaConverterClassNameOfThisEclipseLink() {
        ConverterClass<?, ?, ?> converter = new ConverterClass<>(EncryptedStringConverter.class.getName(), false,
                String.class.getName(), false);

        assertThat(ConverterClassNames.of(converter)).isEqualTo(EncryptedStringConverter.class.getName());
    }

    @Test
    void aConverterWithoutClassNameReadsAsEmpty() {
        assertThat(ConverterClassNames.of(new ConverterClass<>(null, false, null, false))).isEmpty();
    }
}
