package dev.tenantry.tenancy;

import dev.tenantry.persistence.BaseEntity;
import dev.tenantry.persistence.internal.ShortLivedEntityManagers;
import dev.tenantry.persistence.repository.Repository;
import jakarta.persistence.EntityManagerFactory;
import java.util.Objects;
import java.util.function.Function;

/**
 * Runs repository work for one tenant on an EntityManager opened for it and joined to the current
 * JTA transaction (when there is one), then closes it. Entities returned are detached: save changes
 * back through {@code save}, which merges them. Thread-safe.
 */
public final class TenantRepositories {

    private final EntityManagerFactory emf;

    /** @param emf the shared factory of the unit holding the tenant entities */
    public TenantRepositories(EntityManagerFactory emf) {
        this.emf = Objects.requireNonNull(emf, "emf");
    }

    /**
     * @param tenant the tenant
     * @param type   entity class
     * @param work   what to do with the tenant's repository
     * @param <T>    entity type
     * @param <R>    result type
     * @return the work's result
     */
    public <T extends BaseEntity, R> R with(TenantId tenant, Class<T> type, Function<Repository<T>, R> work) {
        return ShortLivedEntityManagers.apply(() -> TenantEntityManagers.open(emf, tenant),
                em -> work.apply(new Repository<>(type, em)));
    }
}
