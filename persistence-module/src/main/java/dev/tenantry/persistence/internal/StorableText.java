package dev.tenantry.persistence.internal;

import dev.tenantry.persistence.errors.InvalidValueException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.persistence.descriptors.ClassDescriptor;
import org.eclipse.persistence.descriptors.DescriptorEvent;
import org.eclipse.persistence.descriptors.DescriptorEventAdapter;
import org.eclipse.persistence.mappings.DatabaseMapping;
import org.eclipse.persistence.mappings.foundation.AbstractDirectMapping;

/**
 * Refuses, before insert or update, text attributes that PostgreSQL cannot store as they are: a NUL
 * character (the database refuses the whole statement, SQLState 22021) or an unpaired UTF-16
 * surrogate (the driver would store a '?' in its place: silent data loss). Attributes with a
 * converter (encrypted columns) are left to it. Installed on every Tenantry entity by
 * {@link EntityDescriptors}.
 */
public final class StorableText extends DescriptorEventAdapter {

    private final String entity;
    private final List<AbstractDirectMapping> textMappings;

    private StorableText(String entity, List<AbstractDirectMapping> textMappings) {
        this.entity = entity;
        this.textMappings = textMappings;
    }

    static void install(ClassDescriptor descriptor) {
        List<AbstractDirectMapping> text = new ArrayList<>();
        for (DatabaseMapping mapping : descriptor.getMappings()) {
            // the attribute's type is not resolved yet when descriptors are customized: values are
            // checked by type when the event fires
            if (mapping instanceof AbstractDirectMapping direct && direct.getConverter() == null) {
                text.add(direct);
            }
        }
        if (!text.isEmpty()) {
            String name = descriptor.getJavaClass() != null ? descriptor.getJavaClass().getSimpleName() : descriptor.getAlias();
            descriptor.getEventManager().addListener(new StorableText(name, List.copyOf(text)));
        }
    }

    @Override
    public void prePersist(DescriptorEvent event) {
        check(event.getSource());
    }

    @Override
    public void preUpdateWithChanges(DescriptorEvent event) {
        check(event.getSource());
    }

    private void check(Object entityObject) {
        for (AbstractDirectMapping mapping : textMappings) {
            if (mapping.getAttributeValueFromObject(entityObject) instanceof String value) {
                String problem = problemOf(value);
                if (problem != null) {
                    throw new InvalidValueException(entity, mapping.getAttributeName(), problem);
                }
            }
        }
    }

    /** @return what makes {@code value} unstorable, or {@code null} */
    public static String problemOf(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\0') {
                return "contains a NUL character: send the text without it";
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return "contains an unpaired UTF-16 surrogate: send valid Unicode text";
            }
            if (Character.isLowSurrogate(c)) {
                return "contains an unpaired UTF-16 surrogate: send valid Unicode text";
            }
        }
        return null;
    }
}
