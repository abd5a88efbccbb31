package dev.tenantry.persistence.repository;

import dev.tenantry.persistence.BaseEntity;
import dev.tenantry.persistence.errors.DataErrors;
import dev.tenantry.persistence.errors.DataIntegrityException;
import dev.tenantry.persistence.internal.EntityReads;
import dev.tenantry.persistence.internal.TenantContextProperties;
import dev.tenantry.persistence.paging.KeysetPage;
import dev.tenantry.persistence.paging.KeysetRequest;
import dev.tenantry.persistence.paging.Page;
import dev.tenantry.persistence.paging.PageRequest;
import dev.tenantry.persistence.softdelete.SoftDeletableEntity;
import dev.tenantry.persistence.softdelete.SoftDeletes;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Create, read, update, delete and page one entity type through a JPA {@link EntityManager}.
 *
 * <p>Writes are flushed before the method returns, so a constraint violation surfaces here as a
 * {@link DataIntegrityException} subtype naming the constraint (and the transaction is marked for
 * rollback, keeping nothing). Deleting a {@link SoftDeletableEntity} soft-deletes it; reads never
 * return soft-deleted rows — use {@link #includingDeleted()} for that.
 *
 * <p>The repository needs an active transaction for writes (JTA in a server, or the
 * EntityManager's own in Java SE). It is as thread-safe as its EntityManager: a container-managed
 * one (CDI/JTA) may be shared, an application-managed one may not.
 *
 * @param <T> entity type
 */
public class Repository<T extends BaseEntity> {

    private final Class<T> type;
    private final EntityManager em;
    private final EntityReads<T> reads;

    /**
     * @param type entity class
     * @param em   the EntityManager to work through
     */
    public Repository(Class<T> type, EntityManager em) {
        this.type = Objects.requireNonNull(type, "type");
        this.em = Objects.requireNonNull(em, "em");
        this.reads = new EntityReads<>(type);
    }

    /** @return the entity class this repository serves */
    public Class<T> entityType() {
        return type;
    }

    /**
     * @param id id
     * @return the visible entity with that id, if any
     */
    public Optional<T> find(UUID id) {
        T found = em.find(type, Objects.requireNonNull(id, "id"));
        // a soft-deleted row can still sit in a shared cache: never hand it out
        if (found instanceof SoftDeletableEntity soft && soft.isDeleted()) {
            return Optional.empty();
        }
        return Optional.ofNullable(found);
    }

    /**
     * @param id id
     * @return the visible entity with that id
     * @throws RecordNotFoundException when there is none
     */
    public T get(UUID id) {
        return find(id).orElseThrow(() -> new RecordNotFoundException(type.getSimpleName(), id));
    }

    /**
     * Inserts a new entity or writes the changes of an existing one, then flushes.
     *
     * @param entity the entity
     * @return the managed instance (for an existing entity passed detached: the merged copy)
     * @throws DataIntegrityException when a constraint is violated
     */
    public T save(T entity) {
        Objects.requireNonNull(entity, "entity");
        return write(() -> {
            if (entity.isNew()) {
                em.persist(entity);
                return entity;
            }
            return em.contains(entity) ? entity : em.merge(entity);
        });
    }

    /**
     * Deletes the entity: soft for a {@link SoftDeletableEntity}, for real otherwise.
     *
     * @param entity the entity (managed or detached)
     * @throws DataIntegrityException when other rows still reference it (hard delete)
     */
    public void delete(T entity) {
        Objects.requireNonNull(entity, "entity");
        deleteById(Objects.requireNonNull(entity.getId(), "entity has no id: it was never saved"));
    }

    /**
     * Deletes by id: soft for a {@link SoftDeletableEntity}, for real otherwise.
     *
     * @param id id
     * @throws RecordNotFoundException when no visible row has that id
     */
    public void deleteById(UUID id) {
        T managed = get(id);
        write(() -> {
            em.remove(managed);
            return managed;
        });
    }

    /**
     * Undoes a soft delete.
     *
     * @param id id of a soft-deleted (or live) row
     * @return the live entity
     * @throws RecordNotFoundException       when no row has that id
     * @throws UnsupportedOperationException when the entity type is not soft-deletable
     */
    public T restore(UUID id) {
        if (!SoftDeletableEntity.class.isAssignableFrom(type)) {
            throw new UnsupportedOperationException(type.getSimpleName() + " is not soft-deletable: nothing to restore");
        }
        write(() -> {
            SoftDeletes.restore(em, type.asSubclass(SoftDeletableEntity.class), id);
            return null;
        });
        return get(id);
    }

    /** @return number of visible rows */
    public long count() {
        return reads.count(em);
    }

    /**
     * @param id id
     * @return whether a visible row has that id
     */
    public boolean exists(UUID id) {
        return reads.exists(em, Objects.requireNonNull(id, "id"));
    }

    /**
     * @param request page number, size and sort (attributes are checked against the entity)
     * @return the page with the total count
     */
    public Page<T> page(PageRequest request) {
        return reads.page(em, Objects.requireNonNull(request, "request"));
    }

    /**
     * @param request sort, size and the cursor where the previous page ended
     * @return the page with the cursor of the next one
     */
    public KeysetPage<T> keyset(KeysetRequest request) {
        return reads.keyset(em, Objects.requireNonNull(request, "request"));
    }

    /**
     * @return single-statement writes by id for this repository's entity type and EntityManager: no
     *         entity loaded, one round trip outside a transaction (see {@link DirectWrites})
     */
    public DirectWrites<T> direct() {
        return new DirectWrites<>(type, em);
    }

    /**
     * @return read access that also sees soft-deleted rows — of this repository's tenant only, for a
     *         repository of tenant entities (its EntityManager's tenant is carried over)
     */
    public DeletedRows<T> includingDeleted() {
        return new DeletedRows<>(type, em.getEntityManagerFactory(), reads, TenantContextProperties.of(em));
    }

    private <R> R write(java.util.function.Supplier<R> work) {
        try {
            R result = work.get();
            em.flush();
            return result;
        } catch (PersistenceException e) {
            throw DataErrors.rethrowTyped(e);
        }
    }
}
