package dev.tenantry.persistence.internal;

import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.UUID;
import dev.tenantry.persistence.PersistenceSettings;
import jakarta.persistence.Cacheable;
import org.eclipse.persistence.config.CacheIsolationType;
import org.eclipse.persistence.config.DescriptorCustomizer;
import org.eclipse.persistence.descriptors.ClassDescriptor;
import org.eclipse.persistence.internal.helper.DatabaseField;
import org.eclipse.persistence.mappings.DatabaseMapping;
import org.eclipse.persistence.mappings.OneToOneMapping;
import org.eclipse.persistence.mappings.converters.UUIDConverter;
import org.eclipse.persistence.mappings.foundation.AbstractDirectMapping;

/**
 * What {@link dev.tenantry.persistence.EntityCustomizer} does to the descriptor of every entity
 * extending {@code BaseEntity}: UUID attributes map to PostgreSQL {@code uuid} through
 * {@link UuidConverter}; text that PostgreSQL cannot store as it is is refused before it is written
 * ({@link StorableText}); reads and writes are counted ({@link EntityMeters}); no shared cache unless
 * the entity says {@code @Cacheable(true)}; then every EclipseLink {@link DescriptorCustomizer} listed
 * in {@code META-INF/services/org.eclipse.persistence.config.DescriptorCustomizer} runs (how other
 * Tenantry modules, which do not depend on this one, take part).
 */
public final class EntityDescriptors {

    private EntityDescriptors() {
    }

    /**
     * @param descriptor an entity's descriptor
     * @throws Exception what a contributed customizer throws
     */
    public static void customize(ClassDescriptor descriptor) throws Exception {
        for (DatabaseMapping mapping : descriptor.getMappings()) {
            if (mapping instanceof AbstractDirectMapping direct
                    && (direct.getConverter() instanceof UUIDConverter || direct.getAttributeClassification() == UUID.class)) {
                direct.setConverter(new UuidConverter());
                // a NULL bound as varchar is refused by a uuid column; OTHER lets PostgreSQL infer the type
                direct.getField().setSqlType(Types.OTHER);
            }
            if (mapping instanceof OneToOneMapping reference) {
                // a NULL foreign key (e.g. to a uuid column) would be bound as varchar: let PostgreSQL infer it
                for (DatabaseField foreignKey : reference.getForeignKeyFields()) {
                    if (foreignKey.getSqlType() == DatabaseField.NULL_SQL_TYPE) {
                        foreignKey.setSqlType(Types.OTHER);
                    }
                }
            }
        }
        StorableText.install(descriptor);
        EntityMeters.install(descriptor);
        if (!explicitlyCacheable(descriptor.getJavaClass())) {
            // several servers share one database: a row another server changed (a member demoted, an
            // organization deleted, an article edited) must never be served from this one's cache
            descriptor.setCacheIsolation(CacheIsolationType.ISOLATED);
        }
        for (DescriptorCustomizer contribution : contributions()) {
            contribution.customize(descriptor);
        }
    }

    /**
     * @return whether the entity or a superclass says {@code @Cacheable(true)}, or, without an
     *         annotation, {@link PersistenceSettings#CACHE_SHARED} is on: its rows may be served from
     *         EclipseLink's shared cache, stale where another server changed them
     */
    static boolean explicitlyCacheable(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            Cacheable cacheable = c.getAnnotation(Cacheable.class);
            if (cacheable != null) {
                return cacheable.value();
            }
        }
        return Config.getBoolean(PersistenceSettings.CACHE_SHARED, false);
    }

    private static List<DescriptorCustomizer> contributions() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        List<DescriptorCustomizer> found = new ArrayList<>();
        ServiceLoader.load(DescriptorCustomizer.class, loader != null ? loader : EntityDescriptors.class.getClassLoader())
                .forEach(found::add);
        return found;
    }
}
