package dev.tenantry.persistence.internal;

import java.sql.Types;
import java.util.UUID;
import org.eclipse.persistence.config.DescriptorCustomizer;
import org.eclipse.persistence.descriptors.ClassDescriptor;
import org.eclipse.persistence.mappings.DatabaseMapping;
import org.eclipse.persistence.mappings.converters.UUIDConverter;
import org.eclipse.persistence.mappings.foundation.AbstractDirectMapping;

/**
 * Descriptor set-up shared by every entity extending {@code BaseEntity}: UUID attributes map to
 * PostgreSQL {@code uuid} through {@link UuidConverter}.
 *
 * <p>Named by {@code @Customizer} on {@code BaseEntity}. EclipseLink applies one customizer per
 * entity, the nearest one: a subclass customizer must call {@code super.customize}.
 */
public class EntityCustomizer implements DescriptorCustomizer {

    @Override
    public void customize(ClassDescriptor descriptor) {
        for (DatabaseMapping mapping : descriptor.getMappings()) {
            if (mapping instanceof AbstractDirectMapping direct
                    && (direct.getConverter() instanceof UUIDConverter || direct.getAttributeClassification() == UUID.class)) {
                direct.setConverter(new UuidConverter());
                // a NULL bound as varchar is refused by a uuid column; OTHER lets PostgreSQL infer the type
                direct.getField().setSqlType(Types.OTHER);
            }
        }
    }
}
