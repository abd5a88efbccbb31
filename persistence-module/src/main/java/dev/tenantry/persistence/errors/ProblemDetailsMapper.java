package dev.tenantry.persistence.errors;

import dev.tenantry.persistence.TenantryException;
import dev.tenantry.persistence.internal.JsonStrings;
import dev.tenantry.persistence.jobs.JobRuns;
import dev.tenantry.persistence.paging.InvalidPagingException;
import dev.tenantry.persistence.repository.RecordNotFoundException;
import dev.tenantry.persistence.settings.InvalidSettingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Maps every exception that reaches JAX-RS to an RFC 9457 problem ({@code application/problem+json}),
 * never to the server's error page: no HTML, SQL, stack frame, class or product name in a body.
 *
 * <table>
 *   <caption>Status codes</caption>
 *   <tr><td>unparsable or ill-typed JSON body (JSON-B or Jackson)</td><td>400 {@code malformed-body}, naming the field where known</td></tr>
 *   <tr><td>JAX-RS errors: unknown route, method, media type, parameter</td><td>their status (404, 405, 406, 415, 400…) as a problem</td></tr>
 *   <tr><td>Bean Validation {@code ConstraintViolationException}</td><td>422 {@code validation-failed}, with {@code violations}</td></tr>
 *   <tr><td>optimistic lock conflict, serialization failure, deadlock</td><td>409 {@code conflict}</td></tr>
 *   <tr><td>{@link UniqueViolationException}, {@link ForeignKeyViolationException}</td><td>409</td></tr>
 *   <tr><td>{@link NotNullViolationException}, {@link CheckViolationException}, {@link InvalidValueException},
 *       PostgreSQL data exceptions (class 22) and program limits (54000)</td><td>422</td></tr>
 *   <tr><td>{@link RecordNotFoundException}</td><td>404</td></tr>
 *   <tr><td>{@link InvalidPagingException}</td><td>400</td></tr>
 *   <tr><td>database connection lost or refused (08xxx, 57P0x, 57014), or the database refusing for now:
 *       read-only (25006), out of resources (53xxx), a system error (58xxx), a lock timeout (55P03)</td><td>503 {@code database-unavailable}, {@code Retry-After}</td></tr>
 *   <tr><td>a commit whose outcome is unknown (connection lost during commit, heuristic outcome,
 *       {@link WriteOutcomeUnknownException})</td>
 *       <td>503 {@code commit-outcome-unknown}, {@code Retry-After}: retry with the same {@code Idempotency-Key}</td></tr>
 *   <tr><td>a stored value that does not decrypt (the crypto module's {@code DecryptionFailedException})</td>
 *       <td>500 {@code decryption-failed}, naming the entity and attribute, never the value</td></tr>
 *   <tr><td>anything else</td><td>500 {@code internal}, with the correlation id only</td></tr>
 * </table>
 *
 * <p>Every response carries the request's correlation id ({@value #CORRELATION_HEADER}, taken from the
 * request when it is a plain token, else new) as a header and as {@code correlationId}. A 4xx logs one
 * line at DEBUG; a 5xx logs one stack trace at ERROR with the correlation id, except
 * {@code database-unavailable}: while the database is down every request fails alike, so it logs at most
 * one line at WARNING every {@value #OUTAGE_LOG_SECONDS} seconds (the failure's exception types and
 * SQLStates, and how many such answers were not logged since the last line), and each stack trace at
 * DEBUG.
 *
 * <p>Opt-in: it carries no {@code @Provider}, so it is active only where the application registers
 * it, e.g. {@code @Provider public class Problems extends ProblemDetailsMapper {}}; more specific
 * mappers of the application keep precedence. Stateless and thread-safe.
 */
public class ProblemDetailsMapper implements ExceptionMapper<Throwable> {

    /** The media type of the responses. */
    public static final String PROBLEM_JSON = "application/problem+json";
    /** The request and response header carrying the correlation id. */
    public static final String CORRELATION_HEADER = "X-Request-Id";
    /** The problem type of a commit whose outcome the server cannot know. */
    public static final String COMMIT_OUTCOME_UNKNOWN = "commit-outcome-unknown";
    /** At most one WARNING line per this many seconds for answers of 503 {@code database-unavailable}. */
    public static final int OUTAGE_LOG_SECONDS = 10;
    private static final String UNAVAILABLE = "database-unavailable";

    /** The problems of this module's exceptions; no type here is a subclass of another. */
    private static final Map<Class<? extends TenantryException>, Problem> BUILT_IN = Map.of(
            UniqueViolationException.class, new Problem(409, "unique-violation", "Duplicate value"),
            ForeignKeyViolationException.class, new Problem(409, "foreign-key-violation", "Reference conflict"),
            NotNullViolationException.class, new Problem(422, "not-null-violation", "Missing value"),
            CheckViolationException.class, new Problem(422, "check-violation", "Invalid value"),
            MalformedBodyException.class, new Problem(400, "malformed-body", "Malformed request body"),
            InvalidValueException.class, new Problem(422, "invalid-value", "Invalid value"),
            RecordNotFoundException.class, new Problem(404, "not-found", "Not found"),
            InvalidPagingException.class, new Problem(400, "invalid-request", "Invalid request"),
            InvalidSettingException.class, new Problem(400, "invalid-request", "Invalid request"));
    private static final System.Logger LOG = System.getLogger(ProblemDetailsMapper.class.getName());
    private static final Pattern PLAIN_TOKEN = Pattern.compile("[A-Za-z0-9._:-]{1,100}");
    private static final Pattern FIELD = Pattern.compile("(?:property '|\\[\")([A-Za-z_][A-Za-z0-9_]{0,63})(?:'|\"\\])");

    private static final OutageLog OUTAGES = new OutageLog(OUTAGE_LOG_SECONDS * 1_000_000_000L);

    @Context
    HttpHeaders headers;

    @Override
    public Response toResponse(Throwable e) {
        return toResponse(e, headers);
    }

    /**
     * For a mapper of a narrower exception type that answers as this one (JAX-RS picks the mapper of
     * the nearest type): the problem of {@code e}, with the correlation id of the request whose headers
     * are given (inject them with {@code @Context HttpHeaders}).
     *
     * @param e              the failure
     * @param requestHeaders the request's headers, or {@code null} outside a request
     * @return the response
     */
    public Response toResponse(Throwable e, HttpHeaders requestHeaders) {
        Failure f = Failures.classify(e, this::classify);
        String correlation = correlationId(requestHeaders);
        if (f.problem().type().equals(UNAVAILABLE)) {
            OUTAGES.log(LOG, "Answered 503 " + UNAVAILABLE + " [correlation id " + correlation + "]: "
                    + JobRuns.summary(e), e);
        } else if (f.problem().status() >= 500) {
            LOG.log(Level.ERROR, "Request failed with " + f.problem().status() + " " + f.problem().type()
                    + " [correlation id " + correlation + "]", e);
        } else {
            LOG.log(Level.DEBUG, () -> f.problem().status() + " " + f.problem().type() + " (" + e.getClass().getSimpleName()
                    + ") [correlation id " + correlation + "]");
        }
        Response.ResponseBuilder r = Response.status(f.problem().status()).type(PROBLEM_JSON)
                .header(CORRELATION_HEADER, correlation)
                .entity(json(f.problem(), f.detail(), f.constraint(), correlation, f.violations()));
        f.headers().forEach(r::header);
        return r.build();
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
        return Response.status(problem.status()).type(PROBLEM_JSON)
                .entity(json(problem, detail, constraint, null, List.of())).build();
    }

    /**
     * A problem-details response for a request filter that refuses {@code request}: its correlation id
     * (see {@link #correlationId(String)}) goes into the {@value #CORRELATION_HEADER} header and the body,
     * the same as an exception of that request would carry.
     *
     * @param request    the refused request
     * @param problem    status, type and title
     * @param detail     what went wrong and what to do; never SQL, values or secrets
     * @param constraint the violated constraint, or {@code null}
     * @return the response
     */
    public static Response response(ContainerRequestContext request, Problem problem, String detail, String constraint) {
        String correlation = correlationId(request.getHeaderString(CORRELATION_HEADER));
        return Response.status(problem.status()).type(PROBLEM_JSON).header(CORRELATION_HEADER, correlation)
                .entity(json(problem, detail, constraint, correlation, List.of())).build();
    }

    /**
     * The one rule for a request's correlation id, shared by the problem bodies, the audit trail and the
     * logs: the client's {@value #CORRELATION_HEADER} when it is a plain token (letters, digits,
     * {@code . _ : -}, at most 100), else a new random one. Tenantry's audit filter settles it first
     * and writes it back into the request's header, so everything later in the request reads the same.
     *
     * @param given the header's value, or {@code null}
     * @return the correlation id to use
     */
    public static String correlationId(String given) {
        return given != null && PLAIN_TOKEN.matcher(given).matches() ? given : UUID.randomUUID().toString();
    }

    /**
     * Status and type for Tenantry exceptions this class does not know; modules with exceptions of
     * their own override it and fall back to {@code super}.
     *
     * @param e the exception
     * @return the problem, or {@code null} to use the built-in mapping
     */
    protected Problem classify(TenantryException e) {
        return null;
    }

    static Problem builtIn(TenantryException e) {
        return firstMatch(e, BUILT_IN);
    }

    /**
     * For {@link #classify} of a subclass: the problem of the first type in {@code problems} (in its
     * iteration order, so name subclasses before their parents) that the exception is an instance of.
     *
     * @param e        the exception
     * @param problems problems by exception type, e.g. a {@code Map.of} of unrelated types
     * @return the problem, or {@code null} when no type matches
     */
    protected static Problem firstMatch(TenantryException e, Map<Class<? extends TenantryException>, Problem> problems) {
        for (Map.Entry<Class<? extends TenantryException>, Problem> p : problems.entrySet()) {
            if (p.getKey().isInstance(e)) {
                return p.getValue();
            }
        }
        return null;
    }

    /**
     * The problem type of an HTTP error status, for answers that carry no exception of their own (the
     * JAX-RS runtime's, the servlet container's).
     *
     * @param status an HTTP error status
     * @return its problem: {@code not-found} for 404, {@code internal} for any 5xx, and so on
     */
    public static Problem forStatus(int status) {
        return switch (status) {
            case 400 -> new Problem(400, "bad-request", "Bad request");
            case 401 -> new Problem(401, "unauthenticated", "Not authenticated");
            case 403 -> new Problem(403, "forbidden", "Forbidden");
            case 404 -> new Problem(404, "not-found", "Not found");
            case 405 -> new Problem(405, "method-not-allowed", "Method not allowed");
            case 406 -> new Problem(406, "not-acceptable", "Not acceptable");
            case 409 -> new Problem(409, "conflict", "Conflict");
            case 413 -> new Problem(413, "payload-too-large", "Request body too large");
            case 415 -> new Problem(415, "unsupported-media-type", "Unsupported media type");
            default -> status >= 500 ? new Problem(status, "internal", "Internal error")
                    : new Problem(status, "client-error", "Request refused");
        };
    }

    /** @return the name of the field a JSON binding error message mentions, or {@code null} */
    static String fieldNamedIn(String message) {
        if (message == null) {
            return null;
        }
        var m = FIELD.matcher(message);
        String field = null;
        while (m.find()) {
            field = m.group(1);   // the innermost (last) one
        }
        return field;
    }

    private static String correlationId(HttpHeaders headers) {
        String given = null;
        try {
            given = headers == null ? null : headers.getHeaderString(CORRELATION_HEADER);
        } catch (RuntimeException noRequestHere) {
            // mapped outside a request (tests): a new id
        }
        return correlationId(given);
    }

    private static String json(Problem problem, String detail, String constraint, String correlation,
                               List<Map.Entry<String, String>> violations) {
        StringBuilder json = new StringBuilder(256)
                .append("{\"type\":").append(JsonStrings.quote("urn:tenantry:problem:" + problem.type()))
                .append(",\"title\":").append(JsonStrings.quote(problem.title()))
                .append(",\"status\":").append(problem.status())
                .append(",\"detail\":").append(JsonStrings.quote(detail));
        if (constraint != null) {
            json.append(",\"constraint\":").append(JsonStrings.quote(constraint));
        }
        if (correlation != null) {
            json.append(",\"correlationId\":").append(JsonStrings.quote(correlation));
        }
        if (!violations.isEmpty()) {
            json.append(",\"violations\":[");
            for (int i = 0; i < violations.size(); i++) {
                json.append(i == 0 ? "" : ",").append("{\"field\":").append(JsonStrings.quote(violations.get(i).getKey()))
                        .append(",\"message\":").append(JsonStrings.quote(violations.get(i).getValue())).append('}');
            }
            json.append(']');
        }
        return json.append('}').toString();
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

    /** What {@link Failures} made of an exception. */
    record Failure(Problem problem, String detail, String constraint, List<Map.Entry<String, String>> violations,
                   Map<String, String> headers) {
    }

    /** @return the status a WebApplicationException asks for, for {@link Failures} */
    static int statusOf(WebApplicationException e) {
        return e.getResponse() == null ? 500 : e.getResponse().getStatus();
    }
}
