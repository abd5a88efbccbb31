package dev.tenantry.persistence.errors;

import dev.tenantry.persistence.TenantryException;
import dev.tenantry.persistence.internal.JsonStrings;
import dev.tenantry.persistence.paging.InvalidPagingException;
import dev.tenantry.persistence.repository.RecordNotFoundException;
import dev.tenantry.persistence.settings.InvalidSettingException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.lang.System.Logger.Level;

/**
 * Maps Tenantry exceptions to RFC 9457 problem details ({@code application/problem+json}).
 *
 * <table>
 *   <caption>Status codes</caption>
 *   <tr><td>{@link UniqueViolationException}, {@link ForeignKeyViolationException}</td><td>409</td></tr>
 *   <tr><td>{@link NotNullViolationException}, {@link CheckViolationException}</td><td>422</td></tr>
 *   <tr><td>{@link RecordNotFoundException}</td><td>404</td></tr>
 *   <tr><td>{@link InvalidPagingException}</td><td>400</td></tr>
 *   <tr><td>anything else</td><td>500, with a generic detail; the exception is logged</td></tr>
 * </table>
 *
 * <p>Opt-in: it carries no {@code @Provider}, so it is active only where the application registers
 * it, e.g. {@code @Provider public class Problems extends ProblemDetailsMapper {}}. The body never
 * contains SQL or row values. Stateless and thread-safe.
 */
public class ProblemDetailsMapper implements ExceptionMapper<TenantryException> {

    /** The media type of the responses. */
    public static final String PROBLEM_JSON = "application/problem+json";
    private static final System.Logger LOG = System.getLogger(ProblemDetailsMapper.class.getName());

    @Override
    public Response toResponse(TenantryException e) {
        Problem p = problemFor(e);
        String detail = p.status() >= 500 ? "The request failed; the server log has the details." : e.getMessage();
        if (p.status() >= 500) {
            LOG.log(Level.ERROR, "Unexpected Tenantry error", e);
        }
        String constraint = e instanceof DataIntegrityException d ? d.constraint().orElse(null) : null;
        return response(p, detail, constraint);
    }

    /**
     * A problem-details response, for code that answers without an exception (a request filter).
     *
     * @param problem    status, type and title
     * @param detail     what went wrong and what to do; never SQL, values or secrets
     * @param constraint the violated constraint, or {@code null}
     * @return the response
     */
    public static Response response(Problem problem, String detail, String constraint) {
        StringBuilder json = new StringBuilder(256)
                .append("{\"type\":").append(JsonStrings.quote("urn:tenantry:problem:" + problem.type()))
                .append(",\"title\":").append(JsonStrings.quote(problem.title()))
                .append(",\"status\":").append(problem.status())
                .append(",\"detail\":").append(JsonStrings.quote(detail));
        if (constraint != null) {
            json.append(",\"constraint\":").append(JsonStrings.quote(constraint));
        }
        json.append('}');
        return Response.status(problem.status()).type(PROBLEM_JSON).entity(json.toString()).build();
    }

    /**
     * Status and type for exceptions this class does not know; modules with exceptions of their own
     * override it and fall back to {@code super}.
     *
     * @param e the exception
     * @return the problem, or {@code null} to use the built-in mapping
     */
    protected Problem classify(TenantryException e) {
        return null;
    }

    private Problem problemFor(TenantryException e) {
        Problem custom = classify(e);
        if (custom != null) {
            return custom;
        }
        if (e instanceof UniqueViolationException) {
            return new Problem(409, "unique-violation", "Duplicate value");
        } else if (e instanceof ForeignKeyViolationException) {
            return new Problem(409, "foreign-key-violation", "Reference conflict");
        } else if (e instanceof NotNullViolationException) {
            return new Problem(422, "not-null-violation", "Missing value");
        } else if (e instanceof CheckViolationException) {
            return new Problem(422, "check-violation", "Invalid value");
        } else if (e instanceof RecordNotFoundException) {
            return new Problem(404, "not-found", "Not found");
        } else if (e instanceof InvalidPagingException || e instanceof InvalidSettingException) {
            return new Problem(400, "invalid-request", "Invalid request");
        }
        return new Problem(500, "internal", "Internal error");
    }

    /**
     * The kind of a problem response.
     *
     * @param status HTTP status
     * @param type   short type name; the response's {@code type} is {@code urn:tenantry:problem:<type>}
     * @param title  human-readable summary of the type
     */
    public record Problem(int status, String type, String title) {
    }
}
