package dev.tenantry.persistence.repository;

import dev.tenantry.persistence.TenantryException;
import java.util.UUID;

/**
 * No visible row has the requested id: it never existed, was (soft-)deleted, or belongs to another
 * tenant — the three are deliberately indistinguishable. A client error (HTTP 404). Immutable.
 */
public final class RecordNotFoundException extends TenantryException {

    private static final long serialVersionUID = 1L;

    private final String entity;
    private final UUID id;

    /**
     * @param entity entity name
     * @param id     the id asked for
     */
    public RecordNotFoundException(String entity, UUID id) {
        super(entity + " " + id + " not found");
        this.entity = entity;
        this.id = id;
    }

    /** @return the entity name */
    public String entity() {
        return entity;
    }

    /** @return the id that was asked for */
    public UUID id() {
        return id;
    }
}
