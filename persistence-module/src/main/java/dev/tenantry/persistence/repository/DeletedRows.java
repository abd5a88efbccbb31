package dev.tenantry.persistence.repository;

import dev.tenantry.persistence.BaseEntity;
import dev.tenantry.persistence.internal.EntityReads;
import dev.tenantry.persistence.internal.ShortLivedEntityManagers;
import dev.tenantry.persistence.paging.KeysetPage;
import dev.tenantry.persistence.paging.KeysetRequest;
import dev.tenantry.persistence.paging.Page;
import dev.tenantry.persistence.paging.PageRequest;
import dev.tenantry.persistence.softdelete.SoftDeletes;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Read-only access to live <em>and</em> soft-deleted rows of one entity type.
 *
 * <p>Each call reads through a short-lived EntityManager created with
 * {@link SoftDeletes#INCLUDE_DELETED} and the tenant of the repository's EntityManager (for tenant
 * entities: that tenant's rows only, under row-level security too); it joins the current JTA
 * transaction where there is one.
 * Returned entities are detached: change them through {@link Repository}, e.g. after
 * {@link Repository#restore(UUID)}. Thread-safe.
 *
 * @param <T> entity type
 */
public final class DeletedRows<T extends BaseEntity> {

    private final Class<T> type;
    private final EntityManagerFactory emf;
    private final EntityReads<T> reads;
    private final Map<String, Object> properties;

    DeletedRows(Class<T> type, EntityManagerFactory emf, EntityReads<T> reads, Map<String, Object> tenantContext) {
        this.type = type;
        this.emf = emf;
        this.reads = reads;
        Map<String, Object> props = new HashMap<>(tenantContext);
        props.put(SoftDeletes.INCLUDE_DELETED, "true");
        this.properties = Map.copyOf(props);
    }

    /**
     * @param id id
     * @return the row with that id, deleted or not
     */
    public Optional<T> find(UUID id) {
        return read(em -> Optional.ofNullable(em.find(type, id)));
    }

    /** @return number of rows, deleted or not */
    public long count() {
        return read(reads::count);
    }

    /**
     * @param request page, size and sort
     * @return a page of rows, deleted or not
     */
    public Page<T> page(PageRequest request) {
        return read(em -> reads.page(em, request));
    }

    /**
     * @param request sort, size and cursor
     * @return a keyset page of rows, deleted or not
     */
    public KeysetPage<T> keyset(KeysetRequest request) {
        return read(em -> reads.keyset(em, request));
    }

    private <R> R read(Function<EntityManager, R> work) {
        return ShortLivedEntityManagers.apply(emf, properties, work);
    }
}
