package dev.tenantry.tenancy.internal;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.RequestScoped;
import jakarta.persistence.EntityManager;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/** The non-transactional tenant EntityManagers of one request, closed when it ends. */
@RequestScoped
public class RequestEntityManagers {

    private final Map<Object, EntityManager> open = new HashMap<>();

    /**
     * @param key    tenant, role and factory
     * @param opener opens one when the request has none for the key
     * @return the request's EntityManager for the key
     */
    public EntityManager get(Object key, Supplier<EntityManager> opener) {
        return open.computeIfAbsent(key, k -> opener.get());
    }

    @PreDestroy
    void closeAll() {
        open.values().forEach(EntityManager::close);
        open.clear();
    }
}
