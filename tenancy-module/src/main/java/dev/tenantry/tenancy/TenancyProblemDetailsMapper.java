package dev.tenantry.tenancy;

import dev.tenantry.persistence.TenantryException;
import dev.tenantry.persistence.errors.ProblemDetailsMapper;

/**
 * {@link ProblemDetailsMapper} that also knows the tenancy exceptions: organization not found
 * (or not a member) 404, access denied 403, last owner 409, no tenant 400. Opt-in like its parent:
 * {@code @Provider public class Problems extends TenancyProblemDetailsMapper {}}.
 */
public class TenancyProblemDetailsMapper extends ProblemDetailsMapper {

    @Override
    protected Problem classify(TenantryException e) {
        if (e instanceof OrganizationNotFoundException) {
            return new Problem(404, "not-found", "Not found");
        } else if (e instanceof AccessDeniedException) {
            return new Problem(403, "forbidden", "Forbidden");
        } else if (e instanceof LastOwnerException) {
            return new Problem(409, "last-owner", "Last owner");
        } else if (e instanceof IdempotencyException i) {
            return i.inProgress() ? new Problem(409, "idempotency-in-progress", "Request in progress")
                    : new Problem(422, "idempotency-key-reused", "Idempotency key reused");
        } else if (e instanceof TenantNotResolvedException) {
            return new Problem(400, "tenant-missing", "No tenant");
        }
        return super.classify(e);
    }
}
