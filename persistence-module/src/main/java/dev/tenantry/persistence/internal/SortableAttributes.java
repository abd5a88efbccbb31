package dev.tenantry.persistence.internal;

import dev.tenantry.persistence.paging.InvalidSortException;
import dev.tenantry.persistence.paging.Order;
import jakarta.persistence.Convert;
import jakarta.persistence.metamodel.Attribute.PersistentAttributeType;
import jakarta.persistence.metamodel.EntityType;
import jakarta.persistence.metamodel.Metamodel;
import jakarta.persistence.metamodel.SingularAttribute;
import java.lang.reflect.AnnotatedElement;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.eclipse.persistence.internal.jpa.metamodel.AttributeImpl;
import org.eclipse.persistence.mappings.foundation.AbstractDirectMapping;

/**
 * The basic (column-backed, single-valued) attributes of an entity that a client may sort by: all but
 * the encrypted ones (Tenantry's crypto converters, known by package as {@code Failures} knows its
 * exception, since this module does not depend on that one). Their order would be the ciphertexts',
 * which means nothing, and a keyset cursor would carry the last row's value in the clear.
 */
public final class SortableAttributes {

    private static final Map<Metamodel, Map<Class<?>, SortableAttributes>> CACHE = new WeakHashMap<>();

    private static final String CRYPTO_PACKAGE = "dev.tenantry.crypto.";

    private final String entity;
    private final Map<String, Class<?>> types;
    private final Set<String> encrypted;

    private SortableAttributes(String entity, Map<String, Class<?>> types, Set<String> encrypted) {
        this.entity = entity;
        this.types = types;
        this.encrypted = encrypted;
    }

    /**
     * @param metamodel the persistence unit's metamodel
     * @param type      entity class
     * @return its sortable attributes
     */
    public static SortableAttributes of(Metamodel metamodel, Class<?> type) {
        // the metamodel is fixed for a factory's life: inspect each entity once (it showed in page profiles)
        Map<Class<?>, SortableAttributes> perType;
        synchronized (CACHE) {
            perType = CACHE.computeIfAbsent(metamodel, m -> new ConcurrentHashMap<>());
        }
        return perType.computeIfAbsent(type, t -> inspect(metamodel, t));
    }

    private static SortableAttributes inspect(Metamodel metamodel, Class<?> type) {
        EntityType<?> entityType = metamodel.entity(type);
        Map<String, Class<?>> types = new TreeMap<>();
        Set<String> encrypted = new TreeSet<>();
        for (SingularAttribute<?, ?> a : entityType.getSingularAttributes()) {
            if (a.getPersistentAttributeType() == PersistentAttributeType.BASIC) {
                if (encrypted(a)) {
                    encrypted.add(a.getName());
                } else {
                    types.put(a.getName(), a.getJavaType());
                }
            }
        }
        return new SortableAttributes(entityType.getName(), types, Set.copyOf(encrypted));
    }

    /** Converted by Tenantry's crypto module: by its {@code @Convert} annotation, or by the converter bound to its mapping. */
    private static boolean encrypted(SingularAttribute<?, ?> a) {
        if (a.getJavaMember() instanceof AnnotatedElement member) {
            Convert convert = member.getAnnotation(Convert.class);
            if (convert != null && convert.converter().getName().startsWith(CRYPTO_PACKAGE)) {
                return true;
            }
        }
        return a instanceof AttributeImpl<?, ?> impl && impl.getMapping() instanceof AbstractDirectMapping direct
                && direct.getConverter() != null && direct.getConverter().getClass().getName().startsWith(CRYPTO_PACKAGE);
    }

    /** @return the entity's JPQL name */
    public String entityName() {
        return entity;
    }

    /**
     * @param order a requested order
     * @return the Java type of the attribute it names
     * @throws InvalidSortException when the entity has no such sortable attribute
     */
    public Class<?> require(Order order) {
        Class<?> type = types.get(order.attribute());
        if (encrypted.contains(order.attribute())) {
            throw new InvalidSortException("Cannot sort " + entity + " by '" + order.attribute() + "': it is encrypted, so"
                    + " its stored order is meaningless. Sortable attributes: " + String.join(", ", types.keySet()));
        }
        if (type == null) {
            throw new InvalidSortException("Cannot sort " + entity + " by '" + order.attribute()
                    + "': no such attribute. Sortable attributes: "
                    + types.keySet().stream().collect(Collectors.joining(", ")));
        }
        return type;
    }
}
