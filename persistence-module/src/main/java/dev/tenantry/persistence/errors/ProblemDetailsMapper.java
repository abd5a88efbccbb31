package dev.tenantry.persistence.errors;

import dev.tenantry.persistence.TenantryException;
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
        if (p.status >= 500) {
            LOG.log(Level.ERROR, "Unexpected Tenantry error", e);
        }
        StringBuilder json = new StringBuilder(256)
                .append("{\"type\":").append(quote("urn:tenantry:problem:" + p.type))
                .append(",\"title\":").append(quote(p.title))
                .append(",\"status\":").append(p.status)
                .append(",\"detail\":").append(quote(p.detail));
        if (e instanceof DataIntegrityException d && d.constraint().isPresent()) {
            json.append(",\"constraint\":").append(quote(d.constraint().get()));
        }
        json.append('}');
        return Response.status(p.status).type(PROBLEM_JSON).entity(json.toString()).build();
    }

    /**
     * Status and type for exceptions this class does not know; modules with exceptions of their own
     * override it and fall back to {@code super}.
     *
     * @param e the exception
     * @return {@code {status, type, title}}, or {@code null} to use the built-in mapping
     */
    protected String[] classify(TenantryException e) {
        return null;
    }

    private Problem problemFor(TenantryException e) {
        String[] custom = classify(e);
        if (custom != null) {
            return new Problem(Integer.parseInt(custom[0]), custom[1], custom[2], e.getMessage());
        }
        if (e instanceof UniqueViolationException) {
            return new Problem(409, "unique-violation", "Duplicate value", e.getMessage());
        } else if (e instanceof ForeignKeyViolationException) {
            return new Problem(409, "foreign-key-violation", "Reference conflict", e.getMessage());
        } else if (e instanceof NotNullViolationException) {
            return new Problem(422, "not-null-violation", "Missing value", e.getMessage());
        } else if (e instanceof CheckViolationException) {
            return new Problem(422, "check-violation", "Invalid value", e.getMessage());
        } else if (e instanceof RecordNotFoundException) {
            return new Problem(404, "not-found", "Not found", e.getMessage());
        } else if (e instanceof InvalidPagingException || e instanceof InvalidSettingException) {
            return new Problem(400, "invalid-request", "Invalid request", e.getMessage());
        }
        return new Problem(500, "internal", "Internal error", "The request failed; the server log has the details.");
    }

    private static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 2).append('"');
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private record Problem(int status, String type, String title, String detail) {
    }
}
