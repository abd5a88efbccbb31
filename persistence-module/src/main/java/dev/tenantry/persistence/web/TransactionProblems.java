package dev.tenantry.persistence.web;

import dev.tenantry.persistence.errors.ProblemDetailsMapper;
import jakarta.annotation.Priority;
import jakarta.transaction.TransactionalException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * {@code @Transactional} failures as problems: a commit whose outcome is unknown (503
 * {@code commit-outcome-unknown}), a rolled-back one (503), a conflict (409) — whatever the cause chain
 * says. Jersey (Payara) registers its own mapper for {@link TransactionalException}, which rethrows
 * and leaves the servlet container to answer 500; this one, of the same exception type and registered
 * by the application, takes its place. Active in every application that includes Tenantry; stateless.
 */
@Provider
@Priority(1)
public class TransactionProblems implements ExceptionMapper<TransactionalException> {

    private final ProblemDetailsMapper problems = new ProblemDetailsMapper();

    @Context
    HttpHeaders headers;

    @Override
    public Response toResponse(TransactionalException e) {
        return problems.toResponse(e, headers);   // the request's correlation id
    }
}
