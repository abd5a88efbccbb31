package dev.tenantry.audit;

import dev.tenantry.tenancy.TenantEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.persistence.annotations.ReadOnly;

/**
 * One audited change or operation in one organization: who ({@link #getActor()}), what
 * ({@link #getType()}), on which entity, when ({@link #getOccurredAt()}), with details as JSON
 * ({@link #getMetadata()}) and the request's correlation id. Written by Tenantry only, in the
 * transaction of the change; read-only for EclipseLink. List it in {@code persistence.xml}.
 */
@Entity
@Table(name = "activities")
@ReadOnly
public class Activity extends TenantEntity {

    @Column(name = "actor", nullable = false)
    private String actor;

    @Column(name = "type", nullable = false)
    private String type;

    @Column(name = "entity_type")
    private String entityType;

    @Column(name = "entity_id")
    private UUID entityId;

    @Column(name = "description")
    private String description;

    @Column(name = "metadata", nullable = false)
    private String metadata;

    @Column(name = "correlation_id")
    private String correlationId;

    /** For JPA. */
    protected Activity() {
    }

    /** @return the principal, or a {@code system:...} actor for jobs */
    public String getActor() {
        return actor;
    }

    /** @return the type, see {@link ActivityTypes} */
    public String getType() {
        return type;
    }

    /** @return the entity's simple class name, when about one */
    public Optional<String> getEntityType() {
        return Optional.ofNullable(entityType);
    }

    /** @return the entity's id, when about one */
    public Optional<UUID> getEntityId() {
        return Optional.ofNullable(entityId);
    }

    /** @return the description, if any */
    public Optional<String> getDescription() {
        return Optional.ofNullable(description);
    }

    /** @return details as a JSON object, e.g. {@code {"changes":{"name":{"old":"a","new":"b"}}}} */
    public String getMetadata() {
        return metadata;
    }

    /** @return the request's correlation id, if any */
    public Optional<String> getCorrelationId() {
        return Optional.ofNullable(correlationId);
    }

    /** @return when it happened (UTC, microseconds) */
    public OffsetDateTime getOccurredAt() {
        return getCreatedAt();
    }
}
