package dev.tenantry.tenancy;

import dev.tenantry.persistence.TenantryException;
import dev.tenantry.persistence.errors.ProblemDetailsMapper;
import java.util.Map;

/**
 * {@link ProblemDetailsMapper} that also knows the tenancy exceptions: organization not found
 * (or not a member) and member not found 404, access denied 403, last owner 409, no tenant 400, an idempotency key in use
 * 409 or reused 422. Opt-in like its parent:
 * {@code @Provider public class Problems extends TenancyProblemDetailsMapper {}}.
 */
public class TenancyProblemDetailsMapper extends ProblemDetailsMapper {

    private static final Map<Class<? extends TenantryException>, Problem> TENANCY = Map.of(
            OrganizationNotFoundException.class, new Problem(404, "not-found", "Not found"),
            MemberNotFoundException.class, new Problem(404, "not-found", "Not found"),
            AccessDeniedException.class, new Problem(403, "forbidden", "Forbidden"),
            LastOwnerException.class, new Problem(409, "last-owner", "Last owner"),
            TenantNotResolvedException.class, new Problem(400, "tenant-missing", "No tenant"));
    private static final Problem IN_PROGRESS = new Problem(409, "idempotency-in-progress", "Request in progress");
    private static final Problem KEY_REUSED = new Problem(422, "idempotency-key-reused", "Idempotency key reused");

    @Override
    protected Problem classify(TenantryException e) {
        if (e instanceof IdempotencyException i) {
            return i.inProgress() ? IN_PROGRESS : KEY_REUSED;
        }
        Problem p = firstMatch(e, TENANCY);
        return p != null ? p : super.classify(e);
    }
}
