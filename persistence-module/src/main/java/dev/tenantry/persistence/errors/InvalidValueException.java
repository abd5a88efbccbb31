package dev.tenantry.persistence.errors;

import dev.tenantry.persistence.TenantryException;
import java.util.Objects;

/**
 * Thrown before anything is written when an attribute holds a value the database cannot store as it
 * is: text with a NUL character (PostgreSQL refuses it) or with an unpaired UTF-16 surrogate (the
 * driver would silently store a replacement character), or — mapped from the database — a value too
 * long or out of range for its column. The message names the entity and attribute, never the value.
 * 422 through {@link ProblemDetailsMapper}. Immutable.
 */
public final class InvalidValueException extends TenantryException {

    private static final long serialVersionUID = 1L;

    private final String entity;
    private final String attribute;

    /**
     * @param entity    the entity name, or {@code null} when unknown
     * @param attribute the attribute (or column) name, or {@code null} when unknown
     * @param problem   what is wrong with the value and what to do, e.g. "contains a NUL character:
     *                  send the text without it"; never the value itself
     */
    public InvalidValueException(String entity, String attribute, String problem) {
        super((attribute == null ? "A value" : "The value of " + (entity == null ? "" : entity + ".") + attribute)
                + " " + Objects.requireNonNull(problem, "problem") + ".");
        this.entity = entity;
        this.attribute = attribute;
    }

    /** @return the entity name, if known */
    public java.util.Optional<String> entity() {
        return java.util.Optional.ofNullable(entity);
    }

    /** @return the attribute or column name, if known */
    public java.util.Optional<String> attribute() {
        return java.util.Optional.ofNullable(attribute);
    }
}
