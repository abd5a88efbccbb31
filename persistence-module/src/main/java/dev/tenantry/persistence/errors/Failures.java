package dev.tenantry.persistence.errors;

import dev.tenantry.persistence.TenantryException;
import dev.tenantry.persistence.errors.ProblemDetailsMapper.Failure;
import dev.tenantry.persistence.errors.ProblemDetailsMapper.Problem;
import dev.tenantry.persistence.internal.SqlStates;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reads what an exception means for an HTTP client, from its whole cause chain: the JAX-RS,
 * JSON-binding, Bean Validation, JPA/EclipseLink, JTA and JDBC exceptions the servers wrap into each
 * other. Types outside Jakarta EE (Jackson, EclipseLink, the servers' own) are recognised by class
 * name, so no dependency on them is needed. Stateless.
 */
final class Failures {

    private static final String RETRY_AFTER_SECONDS = "1";
    private static final Set<String> JSON_ERRORS = Set.of("jakarta.json.bind.JsonbException", "jakarta.json.JsonException",
            "jakarta.json.stream.JsonParsingException", "com.fasterxml.jackson.core.JsonProcessingException",
            "com.fasterxml.jackson.databind.JsonMappingException");
    /**
     * The crypto module's failure to decrypt a stored value, known by name: the crypto jar depends on
     * no other Tenantry module, and this one does not depend on it.
     */
    static final String DECRYPTION_FAILED = "dev.tenantry.crypto.DecryptionFailedException";
    private static final Set<String> OPTIMISTIC_LOCK = Set.of("jakarta.persistence.OptimisticLockException",
            "org.eclipse.persistence.exceptions.OptimisticLockException");
    /** What a failed or doubtful commit throws: a connection lost beside one of these leaves the outcome unknown. */
    private static final Set<String> COMMIT_FAILURES = Set.of("jakarta.transaction.RollbackException",
            "jakarta.transaction.HeuristicMixedException", "jakarta.transaction.HeuristicRollbackException",
            "jakarta.transaction.SystemException", "jakarta.ejb.EJBTransactionRolledbackException",
            "jakarta.transaction.TransactionalException", "javax.transaction.xa.XAException");
    private static final Set<String> HEURISTIC = Set.of("jakarta.transaction.HeuristicMixedException",
            "jakarta.transaction.HeuristicRollbackException", "jakarta.transaction.SystemException",
            "javax.transaction.xa.XAException");
    /** The servers' connection pools (JCA) failing to hand out a working connection. */
    private static final Set<String> POOL_FAILURES = Set.of("jakarta.resource.ResourceException",
            "com.sun.appserv.connectors.internal.api.PoolingException");
    /**
     * The JDBC connection handles of Payara/GlassFish: when the pool takes a broken physical connection
     * away from a handle in use, the handle's next call fails with a {@code NullPointerException} from
     * inside it instead of an {@code SQLException} (seen while backends were terminated: BackendFaultIT).
     */
    private static final String GLASSFISH_HANDLES = "com.sun.gjc.spi.";
    /** WildFly's (IronJacamar's) handle without its managed connection: an SQLException without SQLState. */
    private static final String IRONJACAMAR_NOT_ASSOCIATED = "IJ031040";
    private static final Set<String> ROLLED_BACK = Set.of("jakarta.transaction.RollbackException",
            "jakarta.ejb.EJBTransactionRolledbackException");

    private Failures() {
    }

    static Failure classify(Throwable e, Function<TenantryException, Problem> custom) {
        List<Throwable> chain = chain(e);
        // an application's own classification of a Tenantry exception wins
        for (Throwable t : chain) {
            if (t instanceof TenantryException te) {
                Problem p = custom.apply(te);
                if (p != null) {
                    return of(p, p.status() >= 500 ? internalDetail() : te.getMessage());
                }
            }
        }
        for (Throwable t : chain) {
            if (t instanceof WebApplicationException w && ProblemDetailsMapper.statusOf(w) == 413) {
                return webApplication(w);          // whichever reader was reading when the limit was crossed
            }
        }
        if (chain.stream().anyMatch(t -> t instanceof WriteOutcomeUnknownException)) {
            return commitOutcomeUnknown();         // whatever the driver's SQLState, applied or not is unknown
        }
        Failure database = database(chain);
        if (database != null && database.problem().status() == 503) {
            return database;                       // a lost connection explains whatever wraps it
        }
        for (Throwable t : chain) {
            if (t instanceof TenantryException te) {
                Problem p = ProblemDetailsMapper.builtIn(te);
                if (p != null) {
                    return typed(te, p);
                }
            }
        }
        for (Throwable t : chain) {
            if (t.getClass().getName().equals(DECRYPTION_FAILED)) {
                return decryptionFailed(t);
            }
        }
        for (Throwable t : chain) {
            if (isA(t, JSON_ERRORS)) {
                String field = ProblemDetailsMapper.fieldNamedIn(t.getMessage());
                return of(new Problem(400, "malformed-body", "Malformed request body"),
                        "The request body is not valid JSON for this resource" + (field == null ? "" : " (field '" + field + "')")
                                + ": check the syntax and the type of each field.");
            }
            if (t instanceof ConstraintViolationException cv) {
                return violations(cv);
            }
            if (isA(t, OPTIMISTIC_LOCK)) {
                return conflict();
            }
        }
        if (database != null) {
            return database;
        }
        for (Throwable t : chain) {
            if (t instanceof WebApplicationException w) {
                return webApplication(w);
            }
            if (isA(t, POOL_FAILURES) || (t instanceof SQLException && String.valueOf(t.getMessage())
                    .startsWith("Error in allocating a connection"))) {
                return chain.stream().anyMatch(c -> isA(c, HEURISTIC)) ? commitOutcomeUnknown() : unavailable();
            }
        }
        for (Throwable t : chain) {
            if (isA(t, HEURISTIC)) {
                return commitOutcomeUnknown();
            }
        }
        for (Throwable t : chain) {
            if (isA(t, ROLLED_BACK)) {
                return new Failure(new Problem(503, "transaction-rolled-back", "Transaction rolled back"),
                        "The transaction could not commit and was rolled back; nothing was written. Retry shortly.",
                        null, List.of(), Map.of(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS));
            }
        }
        return of(new Problem(500, "internal", "Internal error"), internalDetail());
    }

    /**
     * A stored value that does not decrypt is the server's problem, not the request's: 500, naming the
     * entity and attribute (when the exception knows them), never the value or why it failed.
     */
    private static Failure decryptionFailed(Throwable t) {
        String where = "an encrypted value";
        try {
            Optional<?> entity = (Optional<?>) t.getClass().getMethod("entity").invoke(t);
            Optional<?> attribute = (Optional<?>) t.getClass().getMethod("attribute").invoke(t);
            if (entity.isPresent() && attribute.isPresent()) {
                where = entity.get() + "." + attribute.get();
            }
        } catch (ReflectiveOperationException | ClassCastException e) {
            // another version of the crypto jar: the problem without its place
        }
        return of(new Problem(500, "decryption-failed", "Stored value unreadable"), "The stored value of " + where
                + " could not be decrypted; quote the correlation id when you report it.");
    }

    private static Failure database(List<Throwable> chain) {
        DataIntegrityException typed = DataErrors.translate(chain.get(0)).orElse(null);
        for (Throwable t : chain) {
            if (handleLostItsConnection(t)) {
                return chain.stream().anyMatch(c -> isA(c, COMMIT_FAILURES)) ? commitOutcomeUnknown() : unavailable();
            }
            if (!(t instanceof SQLException sql) || sql.getSQLState() == null) {
                continue;
            }
            String state = sql.getSQLState();
            // the session gone or the statement cancelled: unavailable, and during a commit its outcome unknown
            if (SqlStates.connectionLost(state) || state.equals("57014")) {
                boolean duringCommit = chain.stream().anyMatch(c -> isA(c, COMMIT_FAILURES));
                return duringCommit ? commitOutcomeUnknown() : unavailable();
            }
            // refused by a database that cannot do it now (read-only, out of resources): nothing was written, even
            // in a commit (PostgreSQL reports a failed COMMIT only for a transaction it rolled back)
            if (SqlStates.refusedForNow(state)) {
                return SqlStates.readOnly(state) ? unavailable("The database accepts no writes at the moment (it is"
                        + " read-only, e.g. during a failover or maintenance); nothing was written. Retry shortly.")
                        : unavailable("The database cannot serve the request at the moment; nothing was written. Retry shortly.");
            }
            if (state.equals("40001") || state.equals("40P01")) {
                return conflict();
            }
            if (state.startsWith("22") || state.equals("54000")) {
                String column = column(sql);
                return of(new Problem(422, "invalid-value", "Invalid value"), (column == null ? "A value"
                        : "The value of " + column) + " does not fit its column (too long, out of range or not valid"
                        + " text); nothing was written.");
            }
        }
        if (typed != null) {
            return typed(typed, ProblemDetailsMapper.builtIn(typed));
        }
        return null;
    }

    /**
     * A server's pooled connection handle whose physical connection the pool took away while it was in
     * use (the connection broke): a lost connection, told by where the handle failed, not by SQLState.
     */
    private static boolean handleLostItsConnection(Throwable t) {
        if (t instanceof NullPointerException) {
            StackTraceElement[] trace = t.getStackTrace();
            return trace.length > 0 && trace[0].getClassName().startsWith(GLASSFISH_HANDLES);
        }
        return t instanceof SQLException sql && sql.getSQLState() == null
                && String.valueOf(sql.getMessage()).startsWith(IRONJACAMAR_NOT_ASSOCIATED);
    }

    private static Failure violations(ConstraintViolationException cv) {
        List<Map.Entry<String, String>> fields = new ArrayList<>();
        if (cv.getConstraintViolations() != null) {
            cv.getConstraintViolations().stream()
                    .map(v -> Map.entry(field(v), v.getMessage() == null ? "is invalid" : v.getMessage()))
                    .sorted(Map.Entry.<String, String>comparingByKey().thenComparing(Map.Entry.comparingByValue()))
                    .forEach(fields::add);
        }
        String names = fields.stream().map(Map.Entry::getKey).distinct().collect(Collectors.joining(", "));
        return new Failure(new Problem(422, "validation-failed", "Validation failed"),
                "Some values are not valid" + (names.isEmpty() ? "" : ": " + names) + "; nothing was written.",
                null, fields, Map.of());
    }

    private static String field(ConstraintViolation<?> v) {
        String field = null;
        if (v.getPropertyPath() != null) {
            for (Path.Node node : v.getPropertyPath()) {
                if (node.getName() != null) {
                    field = node.getName();
                }
            }
        }
        return field == null ? "(object)" : field;
    }

    private static Failure webApplication(WebApplicationException w) {
        int status = ProblemDetailsMapper.statusOf(w);
        String simple = w.getClass().getName();
        String message = w.getMessage() == null ? "" : w.getMessage();
        if (status == 404 && (simple.contains("QueryParam") || message.contains("QueryParam(")
                || simple.contains("HeaderParam") || simple.contains("FormParam"))) {
            status = 400;                          // a bad query parameter is the client's request, not a missing resource
        }
        Map<String, String> headers = new LinkedHashMap<>();
        if (w.getResponse() != null) {
            for (String h : List.of(HttpHeaders.ALLOW, HttpHeaders.WWW_AUTHENTICATE, HttpHeaders.RETRY_AFTER,
                    HttpHeaders.ACCEPT_ENCODING)) {
                String value = w.getResponse().getHeaderString(h);
                if (value != null) {
                    headers.put(h, value);
                }
            }
        }
        Problem p = ProblemDetailsMapper.forStatus(status);
        String detail = switch (status) {
            case 400 -> "The request or one of its parameters is not valid for this resource.";
            case 401 -> "Sign in to use this resource.";
            case 403 -> "You may not do this.";
            case 404 -> "There is nothing at this address, or the id in it is not valid.";
            case 405 -> "This resource does not answer that method" + (headers.containsKey(HttpHeaders.ALLOW)
                    ? "; it allows " + headers.get(HttpHeaders.ALLOW) : "") + ".";
            case 406 -> "This resource cannot answer in the media type the Accept header asks for.";
            case 413 -> "The request body is larger than this resource accepts.";
            case 415 -> headers.containsKey(HttpHeaders.ACCEPT_ENCODING)
                    ? "Send the body uncompressed: this resource does not read its Content-Encoding."
                    : "Send the body as application/json.";
            default -> status >= 500 ? internalDetail() : "The request was refused.";
        };
        return new Failure(p, detail, null, List.of(), headers);
    }

    private static Failure unavailable() {
        return unavailable("The database could not be reached; nothing was written. Retry shortly.");
    }

    private static Failure unavailable(String detail) {
        return new Failure(new Problem(503, "database-unavailable", "Database unavailable"), detail,
                null, List.of(), Map.of(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS));
    }

    private static Failure conflict() {
        return of(new Problem(409, "conflict", "Conflict"),
                "The row was changed by someone else meanwhile; nothing was written. Read it again and retry.");
    }

    private static Failure commitOutcomeUnknown() {
        return new Failure(new Problem(503, ProblemDetailsMapper.COMMIT_OUTCOME_UNKNOWN, "Commit outcome unknown"),
                "The database connection was lost while the transaction committed, so the server cannot tell whether"
                        + " the change was saved. Retry with the same Idempotency-Key, or read the resource to find out.",
                null, List.of(), Map.of(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS));
    }

    /** A Tenantry exception's own message (written for clients) with the constraint it names, if any. */
    private static Failure typed(TenantryException e, Problem p) {
        String constraint = e instanceof DataIntegrityException d ? d.constraint().orElse(null) : null;
        return new Failure(p, e.getMessage(), constraint, List.of(), Map.of());
    }

    private static Failure of(Problem p, String detail) {
        return new Failure(p, detail, null, List.of(), Map.of());
    }

    private static String internalDetail() {
        return "The request failed on the server; quote the correlation id when you report it.";
    }

    private static List<Throwable> chain(Throwable e) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = e; t != null && chain.size() < 50 && !chain.contains(t); t = next(t)) {
            chain.add(t);
        }
        return chain;
    }

    /** The cause, or for a SQLException without one its next exception (batches). */
    private static Throwable next(Throwable t) {
        if (t.getCause() != null) {
            return t.getCause();
        }
        return t instanceof SQLException sql ? sql.getNextException() : null;
    }

    private static boolean isA(Throwable t, Set<String> names) {
        for (Class<?> c = t.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            if (names.contains(c.getName())) {
                return true;
            }
        }
        return false;
    }

    /** The column PostgreSQL names in the error's structured fields, if any (never the value, never the message). */
    private static String column(SQLException sql) {
        DataErrors.ServerDetail d = DataErrors.ServerDetail.structured(sql);
        if (d == null || d.column() == null) {
            return null;
        }
        return (d.table() == null ? "" : d.table() + ".") + d.column();
    }
}
