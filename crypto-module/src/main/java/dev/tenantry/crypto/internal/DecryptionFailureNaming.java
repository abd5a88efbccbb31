package dev.tenantry.crypto.internal;

import dev.tenantry.crypto.CryptoException;
import dev.tenantry.crypto.DecryptionFailedException;
import org.eclipse.persistence.config.DescriptorCustomizer;
import org.eclipse.persistence.descriptors.ClassDescriptor;
import org.eclipse.persistence.internal.descriptors.ClassNameConversionRequired;
import org.eclipse.persistence.mappings.DatabaseMapping;
import org.eclipse.persistence.mappings.converters.Converter;
import org.eclipse.persistence.mappings.converters.ConverterClass;
import org.eclipse.persistence.mappings.foundation.AbstractDirectMapping;
import org.eclipse.persistence.sessions.Session;

/**
 * Makes {@link DecryptionFailedException} name the entity and attribute whose value failed.
 *
 * <p>A JPA {@code AttributeConverter} never learns where it is used, so this descriptor customizer
 * wraps the converters of Tenantry's encrypted attributes in one that knows. It runs for every
 * entity extending Tenantry's {@code BaseEntity} (listed in
 * {@code META-INF/services/org.eclipse.persistence.config.DescriptorCustomizer}, which the
 * persistence module applies) and can be named by {@code @Customizer} on any other entity.
 */
public final class DecryptionFailureNaming implements DescriptorCustomizer {

    private static final String CRYPTO_PACKAGE = "dev.tenantry.crypto.";

    @Override
    public void customize(ClassDescriptor descriptor) {
        String entity = descriptor.getJavaClass() != null ? descriptor.getJavaClass().getSimpleName() : descriptor.getAlias();
        for (DatabaseMapping mapping : descriptor.getMappings()) {
            if (mapping instanceof AbstractDirectMapping direct && direct.getConverter() instanceof ConverterClass<?, ?, ?> c
                    && ConverterClassNames.of(c).startsWith(CRYPTO_PACKAGE)) {
                direct.setConverter(new Named(c, entity, mapping.getAttributeName()));
            }
        }
    }

    /**
     * Delegates everything; adds the location to a decryption failure. EclipseLink wraps converter
     * failures in a PersistenceException whose message contains the column value (the ciphertext
     * when reading, the plaintext when writing): that wrapper is dropped, only the cause is thrown.
     */
    private static final class Named implements Converter, ClassNameConversionRequired {

        private static final long serialVersionUID = 1L;

        private final ConverterClass<?, ?, ?> delegate;
        private final String entity;
        private final String attribute;

        Named(ConverterClass<?, ?, ?> delegate, String entity, String attribute) {
            this.delegate = delegate;
            this.entity = entity;
            this.attribute = attribute;
        }

        @Override
        public Object convertObjectValueToDataValue(Object objectValue, Session session) {
            try {
                return delegate.convertObjectValueToDataValue(objectValue, session);
            } catch (RuntimeException e) {
                throw withoutValue(e);
            }
        }

        @Override
        public Object convertDataValueToObjectValue(Object dataValue, Session session) {
            try {
                return delegate.convertDataValueToObjectValue(dataValue, session);
            } catch (RuntimeException e) {
                throw withoutValue(e);
            }
        }

        private RuntimeException withoutValue(RuntimeException e) {
            Throwable cause = e instanceof CryptoException ? e : e.getCause();
            if (cause instanceof DecryptionFailedException d) {
                return d.at(entity, attribute);
            }
            if (cause instanceof CryptoException c) {
                return c;
            }
            return e;
        }

        @Override
        public boolean isMutable() {
            return delegate.isMutable();
        }

        @Override
        public void initialize(DatabaseMapping mapping, Session session) {
            delegate.initialize(mapping, session);
            // ConverterClass.initialize installs itself on the mapping again: put the wrapper back
            if (mapping instanceof AbstractDirectMapping direct) {
                direct.setConverter(this);
            }
        }

        @Override
        public void convertClassNamesToClasses(ClassLoader classLoader) {
            delegate.convertClassNamesToClasses(classLoader);
        }
    }
}
