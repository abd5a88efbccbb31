package dev.tenantry.persistence.errors;

import dev.tenantry.persistence.TenantryException;
import java.util.Optional;

/**
 * A request body that is not exactly one JSON value of the shape the resource reads: a syntax
 * error, content after the value, nesting deeper than allowed, or a field whose JSON type does not
 * match (a number where text is expected, text where a boolean is). 400 through
 * {@link ProblemDetailsMapper}; the message names the field, never its value. Immutable.
 */
public final class MalformedBodyException extends TenantryException {

    private static final long serialVersionUID = 1L;

    private final String field;

    /**
     * @param field   the offending field's name, or {@code null} for the body as a whole
     * @param problem what is wrong, e.g. "must be text" or "has content after the JSON value"
     */
    public MalformedBodyException(String field, String problem) {
        super((field == null ? "The request body " : "Field '" + field + "' ") + problem
                + ": check the syntax and the type of each field.");
        this.field = field;
    }

    /** @return the offending field, if one */
    public Optional<String> field() {
        return Optional.ofNullable(field);
    }
}
