package dev.tenantry.crypto.internal;

import dev.tenantry.crypto.CryptoException;
import java.lang.reflect.Field;
import org.eclipse.persistence.mappings.converters.ConverterClass;

/**
 * The one place Tenantry reads EclipseLink internals for encryption: the class name of the JPA
 * {@code AttributeConverter} behind an EclipseLink {@link ConverterClass}, which EclipseLink keeps in
 * the protected field {@value #FIELD} without a getter (checked with EclipseLink 4.0.7–4.0.9).
 *
 * <p>Without it, decryption failures could not name the entity and attribute, and EclipseLink's own
 * wrapper exception would carry the column value. So a missing field is not silently tolerated: the
 * first use throws {@link IllegalStateException} (failing the persistence unit's start), and
 * {@code ConverterClassNamesTest} fails on an EclipseLink upgrade that moves it. Thread-safe.
 */
public final class ConverterClassNames {

    static final String FIELD = "attributeConverterClassName";
    private static final Field CLASS_NAME = field();

    private ConverterClassNames() {
    }

    /**
     * @param converter an EclipseLink converter made from a JPA {@code AttributeConverter}
     * @return the JPA converter's class name, or "" when EclipseLink has none for it
     * @throws CryptoException when this EclipseLink keeps the name elsewhere
     */
    public static String of(ConverterClass<?, ?, ?> converter) {
        if (CLASS_NAME == null) {
            throw new CryptoException("This EclipseLink version keeps no field ConverterClass." + FIELD
                    + "; Tenantry's encrypted attributes need EclipseLink 4.0.x (see the README's platform list)");
        }
        try {
            Object name = CLASS_NAME.get(converter);
            return name == null ? "" : name.toString();
        } catch (IllegalAccessException e) {
            throw new CryptoException("Cannot read ConverterClass." + FIELD + " of EclipseLink", e);
        }
    }

    private static Field field() {
        try {
            Field f = ConverterClass.class.getDeclaredField(FIELD);
            f.setAccessible(true);
            return f.getType() == String.class ? f : null;
        } catch (NoSuchFieldException | RuntimeException e) {
            return null;
        }
    }
}
