package dev.tenantry.persistence.internal;

import dev.tenantry.persistence.BaseEntity;
import dev.tenantry.persistence.TenantryException;
import dev.tenantry.persistence.repository.Repository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.spi.InjectionPoint;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;

/** Makes {@code @Inject Repository<Book> books;} work, using the application's EntityManager bean. */
@ApplicationScoped
public class RepositoryProducer {

    @Inject
    Instance<EntityManager> entityManagers;

    @Produces
    @Dependent
    <T extends BaseEntity> Repository<T> repository(InjectionPoint injectionPoint) {
        Class<T> entity = entityType(injectionPoint.getType());
        Instance<EntityManager> unit = ModuleBeans.orModules(entityManagers, EntityManager.class);
        if (!unit.isResolvable()) {
            throw new TenantryException("Repository<" + entity.getSimpleName() + "> needs exactly one EntityManager"
                    + " bean; add '@Produces @PersistenceContext EntityManager em;' to an @ApplicationScoped class");
        }
        return new Repository<>(entity, unit.get());
    }

    /**
     * @param type an injection point's type, {@code Repository<Book>}
     * @param <T>  entity type
     * @return its entity class
     * @throws TenantryException naming the fix when the type argument is not a class
     */
    @SuppressWarnings("unchecked")
    public static <T> Class<T> entityType(Type type) {
        if (type instanceof ParameterizedType p && p.getActualTypeArguments()[0] instanceof Class<?> c) {
            return (Class<T>) c;
        }
        throw new TenantryException("Inject Repository with a concrete entity type, e.g. Repository<Book>; got " + type);
    }
}
