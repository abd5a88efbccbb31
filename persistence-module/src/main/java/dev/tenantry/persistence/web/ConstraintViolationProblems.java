package dev.tenantry.persistence.web;

import dev.tenantry.persistence.errors.ProblemDetailsMapper;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * Bean Validation failures as 422 problems, whether a resource method's parameters failed (the
 * JAX-RS runtime validates them) or an entity failed before it was written: Jersey and RESTEasy ship
 * their own mappers for {@code ValidationException}, which answer 400 or 500 in their own format
 * and would win over an application's {@link ProblemDetailsMapper} (JAX-RS picks the mapper of the
 * nearest exception type). Active in every application that includes Tenantry; stateless.
 */
@Provider
public class ConstraintViolationProblems implements ExceptionMapper<ConstraintViolationException> {

    private final ProblemDetailsMapper problems = new ProblemDetailsMapper();

    @Context
    HttpHeaders headers;

    @Override
    public Response toResponse(ConstraintViolationException e) {
        return problems.toResponse(e, headers);   // the request's correlation id
    }
}
