package dev.tenantry.crypto;

import dev.tenantry.crypto.internal.ConverterClassNames;
import dev.tenantry.crypto.internal.EncryptedQueryGuard;
import java.util.Map;
import org.eclipse.persistence.config.DescriptorCustomizer;
import org.eclipse.persistence.descriptors.ClassDescriptor;
import org.eclipse.persistence.descriptors.MultitenantPolicy;
import org.eclipse.persistence.descriptors.SingleTableMultitenantPolicy;
import org.eclipse.persistence.internal.descriptors.ClassNameConversionRequired;
import org.eclipse.persistence.internal.helper.DatabaseField;
import org.eclipse.persistence.internal.sessions.AbstractSession;
import org.eclipse.persistence.mappings.DatabaseMapping;
import org.eclipse.persistence.mappings.converters.Converter;
import org.eclipse.persistence.mappings.converters.ConverterClass;
import org.eclipse.persistence.mappings.foundation.AbstractDirectMapping;
import org.eclipse.persistence.sessions.Session;

/**
 * Binds an entity's encrypted attributes to their {@link Place} and makes their failures name
 * entity and attribute.
 *
 * <p>A JPA {@code AttributeConverter} never learns where it is used. This EclipseLink descriptor
 * customizer replaces the converters of Tenantry's encrypted attributes with ones that know the
 * mapping's table and column and, for a tenant entity (a single-table multitenant descriptor), read
 * the tenant from the EntityManager's tenant property at every call. Values are then written in the
 * place-bound format ({@code tnc2}) and read only where they were written; a
 * {@link DecryptionFailedException} names entity and attribute, never the value.
 *
 * <p>Applied automatically to every entity extending Tenantry's {@code BaseEntity} (through
 * {@code META-INF/services/org.eclipse.persistence.config.DescriptorCustomizer}, which the
 * persistence module reads); name it with {@code @Customizer(EncryptedAttributes.class)} on any other
 * entity.
 */
public final class EncryptedAttributes implements DescriptorCustomizer {

    private static final String STRING_CONVERTER = EncryptedStringConverter.class.getName();
    private static final String BYTES_CONVERTER = EncryptedBytesConverter.class.getName();
    private static final String CRYPTO_PACKAGE = "dev.tenantry.crypto.";

    @Override
    public void customize(ClassDescriptor descriptor) {
        String entity = descriptor.getJavaClass() != null ? descriptor.getJavaClass().getSimpleName() : descriptor.getAlias();
        for (DatabaseMapping mapping : descriptor.getMappings()) {
            if (mapping instanceof AbstractDirectMapping direct && direct.getConverter() instanceof ConverterClass<?, ?, ?> c) {
                String name = ConverterClassNames.of(c);
                if (name.startsWith(CRYPTO_PACKAGE)) {
                    direct.setConverter(new Bound(c, entity, mapping.getAttributeName(),
                            name.equals(STRING_CONVERTER) ? Kind.TEXT : name.equals(BYTES_CONVERTER) ? Kind.BYTES : Kind.OTHER));
                }
            }
        }
    }

    private enum Kind { TEXT, BYTES, OTHER }

    private record TenantPlace(Object tenant, Place place) {
    }

    /**
     * Encrypts at a known place; adds the location to a failure. EclipseLink wraps converter failures
     * in a PersistenceException whose message contains the column value (the ciphertext when reading,
     * the plaintext when writing): that wrapper is dropped, only the cause is thrown.
     */
    private static final class Bound implements Converter, ClassNameConversionRequired {

        private static final long serialVersionUID = 1L;

        private final ConverterClass<?, ?, ?> delegate;
        private final String entity;
        private final String attribute;
        private final Kind kind;
        private transient Place place;
        private transient String tenantProperty;
        /** The place in the tenant of the last call: consecutive values mostly belong to one tenant. */
        private transient volatile TenantPlace last;

        Bound(ConverterClass<?, ?, ?> delegate, String entity, String attribute, Kind kind) {
            this.delegate = delegate;
            this.entity = entity;
            this.attribute = attribute;
            this.kind = kind;
        }

        @Override
        public Object convertObjectValueToDataValue(Object objectValue, Session session) {
            try {
                if (objectValue == null || kind == Kind.OTHER || place == null) {
                    return delegate.convertObjectValueToDataValue(objectValue, session);
                }
                Place at = placeIn(session);
                return kind == Kind.TEXT ? Encryption.columns().encrypt((String) objectValue, at)
                        : Encryption.columns().encrypt((byte[]) objectValue, at);
            } catch (RuntimeException e) {
                throw withoutValue(e);
            }
        }

        @Override
        public Object convertDataValueToObjectValue(Object dataValue, Session session) {
            try {
                if (dataValue == null || kind == Kind.OTHER || place == null) {
                    return delegate.convertDataValueToObjectValue(dataValue, session);
                }
                Place at = placeIn(session);
                return kind == Kind.TEXT ? Encryption.columns().decrypt((String) dataValue, at)
                        : Encryption.columns().decrypt((byte[]) dataValue, at);
            } catch (RuntimeException e) {
                throw withoutValue(e);
            }
        }

        /** The place, with the tenant of the session's EntityManager for a tenant entity. */
        private Place placeIn(Session session) {
            if (tenantProperty == null) {
                return place;
            }
            for (Session s = session; s != null; s = s instanceof AbstractSession a ? a.getParent() : null) {
                Object tenant = s.getProperty(tenantProperty);
                if (tenant != null) {
                    TenantPlace cached = last;
                    if (cached != null && cached.tenant.equals(tenant)) {
                        return cached.place;
                    }
                    Place in = place.inTenant(tenant);
                    last = new TenantPlace(tenant, in);
                    return in;
                }
            }
            throw new DecryptionFailedException("the tenant is not known here (" + tenantProperty + " is not set on the"
                    + " EntityManager), and tenant values are bound to their tenant");
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
            // ConverterClass.initialize installs itself on the mapping again: put this one back
            // a query comparing an encrypted attribute could never match: refuse it instead of finding nothing
            EncryptedQueryGuard.install(session, m -> m instanceof AbstractDirectMapping d && d.getConverter() instanceof Bound);
            if (mapping instanceof AbstractDirectMapping direct) {
                direct.setConverter(this);
                DatabaseField field = direct.getField();
                if (field != null && field.getTableName() != null && !field.getTableName().isEmpty()) {
                    place = Place.of(field.getTableName(), field.getName());
                    tenantProperty = tenantProperty(mapping.getDescriptor());
                }
            }
        }

        private static String tenantProperty(ClassDescriptor descriptor) {
            MultitenantPolicy policy = descriptor == null ? null : descriptor.getMultitenantPolicy();
            if (policy instanceof SingleTableMultitenantPolicy single) {
                for (Map.Entry<DatabaseField, String> e : single.getTenantDiscriminatorFields().entrySet()) {
                    return e.getValue();
                }
            }
            return null;
        }

        @Override
        public void convertClassNamesToClasses(ClassLoader classLoader) {
            delegate.convertClassNamesToClasses(classLoader);
        }
    }
}
