package dev.tenantry.tenancy;

import dev.tenantry.persistence.BaseEntity;
import jakarta.persistence.Cacheable;
import jakarta.persistence.Column;
import jakarta.persistence.MappedSuperclass;
import dev.tenantry.persistence.internal.Times;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

/**
 * Content that is drafted, published and archived, made by a creator and optionally owned by an
 * organization. The database keeps it honest: when the organization is deleted (hard: the foreign
 * key sets {@code organization_id} to NULL; soft: {@code deleted_at} set) the content becomes a draft
 * in the same statement, and restoring the organization republishes nothing.
 *
 * <p>Columns, besides {@link BaseEntity}'s: {@code creator text NOT NULL},
 * {@code organization_id uuid REFERENCES organizations (id) ON DELETE SET NULL},
 * {@code status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'archived'))},
 * {@code published_at timestamptz}; and one line in the application's migration:
 * {@code SELECT tenantry_make_publishable('your_table');}
 *
 * <p>Not held in EclipseLink's shared cache, because those triggers change rows behind its back.
 */
@MappedSuperclass
@Cacheable(false)
public abstract class PublishableEntity extends BaseEntity {

    @Column(name = "creator", nullable = false, updatable = false)
    private String creator;

    @Column(name = "organization_id")
    private UUID organizationId;

    @Column(name = "status", nullable = false)
    private String status = PublicationStatus.DRAFT.column();

    @Column(name = "published_at")
    private OffsetDateTime publishedAt;

    /** For JPA. */
    protected PublishableEntity() {
    }

    /**
     * @param creator      the principal who made it
     * @param organization the owning organization, or null for personal content
     */
    protected PublishableEntity(String creator, TenantId organization) {
        this.creator = creator;
        this.organizationId = organization == null ? null : organization.value();
    }

    /** Makes it public now (again, if it was published before). */
    public void publish() {
        status = PublicationStatus.PUBLISHED.column();
        publishedAt = Times.now();
    }

    /** Back to draft. */
    public void unpublish() {
        status = PublicationStatus.DRAFT.column();
        publishedAt = null;
    }

    /** Withdrawn, kept; {@code published_at} stays as a record of when it was public. */
    public void archive() {
        status = PublicationStatus.ARCHIVED.column();
    }

    /** @return the status */
    public PublicationStatus getStatus() {
        return PublicationStatus.ofColumn(status);
    }

    /** @return when it was last published, if it is or was */
    public Optional<OffsetDateTime> getPublishedAt() {
        return Optional.ofNullable(publishedAt);
    }

    /** @return the creator */
    public String getCreator() {
        return creator;
    }

    /** @return the owning organization, if any (empty once the organization was deleted) */
    public Optional<TenantId> getOrganization() {
        return Optional.ofNullable(organizationId).map(TenantId::new);
    }
}
