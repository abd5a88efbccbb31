package dev.tenantry.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.PrePersist;
import jakarta.persistence.PreUpdate;
import jakarta.persistence.Version;
import dev.tenantry.persistence.internal.Times;
import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.UUID;
import org.eclipse.persistence.annotations.Customizer;

/**
 * Base class of every Tenantry entity: a time-ordered UUID id, UTC creation and update times kept
 * by the plugin, and an optimistic-lock version.
 *
 * <p>Columns: {@code id uuid primary key}, {@code created_at timestamptz not null},
 * {@code updated_at timestamptz not null}, {@code version bigint not null}. The id is assigned when
 * the entity is first persisted (or earlier, by {@link #assignId()}); times are truncated to
 * microseconds, PostgreSQL's precision, so a value read back equals the value written.
 *
 * <p>Equality is by id once one is assigned. Instances are not thread-safe, like any entity.
 */
@MappedSuperclass
@Customizer(EntityCustomizer.class)
public abstract class BaseEntity {

    @Id
    @Column(name = "id", nullable = false, updatable = false)
    private UUID id;

    @Column(name = "created_at", nullable = false, updatable = false)
    private OffsetDateTime createdAt;

    @Column(name = "updated_at", nullable = false)
    private OffsetDateTime updatedAt;

    @Version
    @Column(name = "version", nullable = false)
    private Long version;

    /** @return the id, or {@code null} before the entity is persisted */
    public UUID getId() {
        return id;
    }

    /**
     * Assigns a time-ordered id now if none is set, for code that needs the id before persisting.
     *
     * @return the id
     */
    public UUID assignId() {
        if (id == null) {
            id = Uuids.timeOrdered();
        }
        return id;
    }

    /** @return when the row was inserted (UTC), or {@code null} before that */
    public OffsetDateTime getCreatedAt() {
        return createdAt;
    }

    /** @return when the row was last written (UTC), or {@code null} before the first insert */
    public OffsetDateTime getUpdatedAt() {
        return updatedAt;
    }

    /** @return the optimistic-lock version, or {@code null} for an entity never persisted */
    public Long getVersion() {
        return version;
    }

    /** @return {@code true} when this entity has never been persisted */
    public boolean isNew() {
        return version == null;
    }

    @PrePersist
    void beforeInsert() {
        assignId();
        OffsetDateTime now = Times.now();
        createdAt = now;
        updatedAt = now;
    }

    @PreUpdate
    void beforeUpdate() {
        updatedAt = Times.now();
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (other == null || getClass() != other.getClass() || id == null) {
            return false;
        }
        return id.equals(((BaseEntity) other).id);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(getClass());
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[id=" + id + "]";
    }
}
