package dev.tenantry.persistence.softdelete;

import dev.tenantry.persistence.BaseEntity;
import dev.tenantry.persistence.internal.Times;
import jakarta.persistence.Column;
import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.PostRemove;
import java.time.OffsetDateTime;
import org.eclipse.persistence.annotations.Customizer;

/**
 * An entity whose removal is reversible: {@code EntityManager.remove} (and
 * {@code Repository.delete}) set {@code deleted_at} instead of deleting the row.
 *
 * <p>Table needs {@code deleted_at timestamptz null}. JPQL, Criteria and {@code find} never return a
 * deleted row unless the EntityManager was created with
 * {@link SoftDeletes#INCLUDE_DELETED} = {@code "true"}. Deleted rows can be restored
 * ({@link SoftDeletes#restore}) until {@link SoftDeletes#purge} removes them for good.
 *
 * <p>Two things bypass soft delete, as they bypass every EclipseLink descriptor event: JPQL bulk
 * {@code DELETE} statements (they delete rows for real) and native SQL. Unique constraints on
 * soft-deletable tables should be partial indexes ({@code WHERE deleted_at IS NULL}) so that a
 * deleted row does not block a new one with the same key.
 */
@MappedSuperclass
@Customizer(SoftDeleteCustomizer.class)
public abstract class SoftDeletableEntity extends BaseEntity {

    @Column(name = "deleted_at")
    private OffsetDateTime deletedAt;

    /** @return when the entity was soft-deleted, or {@code null} while it is live */
    public OffsetDateTime getDeletedAt() {
        return deletedAt;
    }

    /** @return whether the entity is soft-deleted */
    public boolean isDeleted() {
        return deletedAt != null;
    }

    @PostRemove
    void afterSoftDelete() {
        // The row got the database's transaction time. This copy is for code still holding the object;
        // it must not be set earlier (@PreRemove), or EclipseLink writes it as an ordinary update first.
        deletedAt = Times.now();
    }
}
