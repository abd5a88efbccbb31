package dev.tenantry.persistence.internal;

import dev.tenantry.persistence.paging.InvalidSortException;
import dev.tenantry.persistence.paging.Order;
import jakarta.persistence.metamodel.Attribute.PersistentAttributeType;
import jakarta.persistence.metamodel.EntityType;
import jakarta.persistence.metamodel.Metamodel;
import jakarta.persistence.metamodel.SingularAttribute;
import java.util.Map;
import java.util.TreeMap;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/** The basic (column-backed, single-valued) attributes of an entity: the only ones a client may sort by. */
public final class SortableAttributes {

    private static final Map<Metamodel, Map<Class<?>, SortableAttributes>> CACHE = new WeakHashMap<>();

    private final String entity;
    private final Map<String, Class<?>> types;

    private SortableAttributes(String entity, Map<String, Class<?>> types) {
        this.entity = entity;
        this.types = types;
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
        for (SingularAttribute<?, ?> a : entityType.getSingularAttributes()) {
            if (a.getPersistentAttributeType() == PersistentAttributeType.BASIC) {
                types.put(a.getName(), a.getJavaType());
            }
        }
        return new SortableAttributes(entityType.getName(), types);
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
        if (type == null) {
            throw new InvalidSortException("Cannot sort " + entity + " by '" + order.attribute()
                    + "': no such attribute. Sortable attributes: "
                    + types.keySet().stream().collect(Collectors.joining(", ")));
        }
        return type;
    }
}
