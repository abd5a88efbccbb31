package dev.tenantry.persistence.internal;

import java.util.UUID;
import org.eclipse.persistence.mappings.DatabaseMapping;
import org.eclipse.persistence.mappings.converters.Converter;
import org.eclipse.persistence.sessions.Session;

/**
 * Maps {@link UUID} attributes to PostgreSQL {@code uuid} columns: the value is passed to the
 * driver as a UUID (bound as {@code uuid}, not {@code varchar}) and a SQL NULL reads as
 * {@code null}. Replaces EclipseLink 4.0's {@code UUIDConverter}, which binds text and throws a
 * NullPointerException on a NULL column. Stateless and thread-safe.
 */
public final class UuidConverter implements Converter {

    private static final long serialVersionUID = 1L;

    @Override
    public Object convertObjectValueToDataValue(Object objectValue, Session session) {
        return objectValue;
    }

    @Override
    public Object convertDataValueToObjectValue(Object dataValue, Session session) {
        if (dataValue == null || dataValue instanceof UUID) {
            return dataValue;
        }
        return UUID.fromString(dataValue.toString());
    }

    @Override
    public boolean isMutable() {
        return false;
    }

    @Override
    public void initialize(DatabaseMapping mapping, Session session) {
        mapping.getField().setType(UUID.class);
    }
}
