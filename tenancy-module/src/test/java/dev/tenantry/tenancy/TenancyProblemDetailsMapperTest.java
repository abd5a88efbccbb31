package dev.tenantry.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantry.persistence.TenantryException;
import dev.tenantry.persistence.errors.ProblemDetailsMapper.Problem;
import dev.tenantry.persistence.repository.RecordNotFoundException;
import org.junit.jupiter.api.Test;

/** Each tenancy exception's problem; anything else is left to the built-in mapping. */
class TenancyProblemDetailsMapperTest {

    private final TenancyProblemDetailsMapper mapper = new TenancyProblemDetailsMapper();

    @Test
    void eachTenancyExceptionHasItsStatusAndType() {
        assertProblem(new OrganizationNotFoundException("acme"), 404, "not-found");
        assertProblem(new AccessDeniedException("delete the project", Role.ADMIN, Role.VIEWER), 403, "forbidden");
        assertProblem(new LastOwnerException("alice"), 409, "last-owner");
        assertProblem(new TenantNotResolvedException("the request"), 400, "tenant-missing");
        assertProblem(new IdempotencyException("in progress", true), 409, "idempotency-in-progress");
        assertProblem(new IdempotencyException("reused", false), 422, "idempotency-key-reused");
    }

    @Test
    void otherTenantryExceptionsAreLeftToTheBuiltInMapping() {
        assertThat(mapper.classify(new RecordNotFoundException("Project", java.util.UUID.randomUUID()))).isNull();
        assertThat(mapper.classify(new TenantryException("anything"))).isNull();
    }

    private void assertProblem(TenantryException e, int status, String type) {
        Problem p = mapper.classify(e);
        assertThat(p).as(e.getClass().getSimpleName()).isNotNull();
        assertThat(p.status()).isEqualTo(status);
        assertThat(p.type()).isEqualTo(type);
    }
}
