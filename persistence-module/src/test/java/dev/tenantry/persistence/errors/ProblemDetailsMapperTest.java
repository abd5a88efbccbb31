package dev.tenantry.persistence.errors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantry.persistence.TenantryException;
import dev.tenantry.persistence.paging.InvalidSortException;
import dev.tenantry.persistence.repository.RecordNotFoundException;
import jakarta.json.JsonException;
import jakarta.json.bind.JsonbException;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.HeuristicMixedException;
import jakarta.transaction.RollbackException;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Every mapping: status, problem type, headers, and that no body leaks SQL, values, classes or products. */
class ProblemDetailsMapperTest {

    private static final List<String> NEVER_IN_A_BODY = List.of("Exception", "java.", "jakarta.", "org.", "dev.tenantry",
            "com.", "SELECT", "select ", "INSERT", "UPDATE ", "Payara", "EclipseLink", "WildFly", "RESTEASY", "Jersey",
            "\tat ", "secret", "978-1", "GOD", "<html");

    private final ProblemDetailsMapper mapper = new ProblemDetailsMapper();

    private static DataIntegrityException violation(String state, String message) {
        return DataErrors.translate(new RuntimeException(new SQLException(message, state))).orElseThrow();
    }

    private Response map(Throwable e) {
        Response r = mapper.toResponse(e);
        assertThat(r.getMediaType().toString()).isEqualTo("application/problem+json");
        String body = (String) r.getEntity();
        for (String leak : NEVER_IN_A_BODY) {
            assertThat(body).as("body of %s", e).doesNotContain(leak);
        }
        assertThat(body).contains("\"status\":" + r.getStatus()).contains("\"correlationId\":\"");
        assertThat(r.getHeaderString(ProblemDetailsMapper.CORRELATION_HEADER)).isNotBlank();
        return r;
    }

    private static String body(Response r) {
        return (String) r.getEntity();
    }

    @Test
    void uniqueAndForeignKeyViolationsAreConflicts() {
        Response unique = map(violation("23505",
                "ERROR: duplicate key value violates unique constraint \"books_isbn_key\" Detail: Key (isbn)=(978-1) already exists."));
        Response fk = map(violation("23503", "violates foreign key constraint \"books_author_fk\""));

        assertThat(unique.getStatus()).isEqualTo(409);
        assertThat(body(unique)).contains("\"type\":\"urn:tenantry:problem:unique-violation\"")
                .contains("\"constraint\":\"books_isbn_key\"").doesNotContain("Detail");
        assertThat(fk.getStatus()).isEqualTo(409);
    }

    @Test
    void constraintViolationsFoundAtCommitAreTypedToo() {
        Response r = map(new RollbackException("commit failed") {{
            initCause(new PersistenceException(new SQLException("duplicate key value violates unique constraint \"k\"", "23505")));
        }});
        assertThat(r.getStatus()).isEqualTo(409);
        assertThat(body(r)).contains("unique-violation");
    }

    @Test
    void notNullCheckAndInvalidValuesAreUnprocessable() {
        assertThat(map(violation("23502", "null value in column \"title\"")).getStatus()).isEqualTo(422);
        assertThat(map(violation("23514", "violates check constraint \"c\"")).getStatus()).isEqualTo(422);
        Response nul = map(new InvalidValueException("Article", "title", "contains a NUL character"));
        assertThat(nul.getStatus()).isEqualTo(422);
        assertThat(body(nul)).contains("invalid-value").contains("Article.title");
    }

    @Test
    void databaseDataExceptionsAre422WithoutTheValue() {
        for (String[] c : new String[][] {{"22001", "value too long for type character varying(200)"},
                {"22021", "invalid byte sequence for encoding \"UTF8\": 0x00"}, {"22003", "integer out of range"},
                {"22P02", "invalid input syntax for type uuid: \"secret-value\""},
                {"54000", "index row size 2712 exceeds btree version 4 maximum 2704 for index \"articles_slug_key\""}}) {
            Response r = map(new PersistenceException("Internal Exception: " + c[1] + " Query: SELECT x FROM t",
                    new SQLException(c[1], c[0])));
            assertThat(r.getStatus()).as(c[0]).isEqualTo(422);
            assertThat(body(r)).contains("urn:tenantry:problem:invalid-value").doesNotContain("articles_slug_key");
        }
    }

    @Test
    void malformedAndIllTypedJsonIs400NamingTheFieldNotTheValue() {
        Response yasson = map(new ProcessingException(new JsonbException(
                "Unable to deserialize property 'role' because of: No enum constant dev.tenantry.example.Role.GOD")));
        assertThat(yasson.getStatus()).isEqualTo(400);
        assertThat(body(yasson)).contains("malformed-body").contains("field 'role'");
        Response syntax = map(new BadRequestException(new JsonException("Unexpected char 60 at (line no=1, column no=1)")));
        assertThat(syntax.getStatus()).isEqualTo(400);
        assertThat(ProblemDetailsMapper.fieldNamedIn(
                "Cannot deserialize value (through reference chain: dev.x.Input[\"meta\"]->dev.x.Meta[\"count\"])"))
                .isEqualTo("count");
    }

    @Test
    void beanValidationIs422WithEachFieldsViolation() {
        Validator validator = Validation.buildDefaultValidatorFactory().getValidator();
        Response r = map(new ConstraintViolationException(validator.validate(new Input(" ", "x".repeat(300)))));

        assertThat(r.getStatus()).isEqualTo(422);
        assertThat(body(r)).contains("validation-failed").contains("{\"field\":\"title\",\"message\":\"must not be blank\"}")
                .contains("{\"field\":\"slug\",\"message\":\"size must be between 1 and 200\"}").doesNotContain("xxxx");
    }

    @Test
    void optimisticLockConflictsAndSerializationFailuresAre409() {
        assertThat(map(new OptimisticLockException("Object of class [dev.tenantry.X] with version 3")).getStatus()).isEqualTo(409);
        assertThat(map(new RollbackException("rolled back") {{
            initCause(new OptimisticLockException("row changed"));
        }}).getStatus()).isEqualTo(409);
        assertThat(map(new PersistenceException(new SQLException("could not serialize access", "40001"))).getStatus())
                .isEqualTo(409);
    }

    @Test
    void lostConnectionsAre503WithRetryAfterAndACommitThatLostItIsOutcomeUnknown() {
        // and a database that refuses for now: no writes (25006), out of disk, memory, connections (53), an I/O
        // error (58), a lock not granted within lock_timeout (55P03)
        for (String state : List.of("08006", "08003", "57P01", "53300", "25006", "53100", "53200", "58030", "55P03")) {
            Response r = map(new PersistenceException(new SQLException("An I/O error occurred while sending to the backend.", state)));
            assertThat(r.getStatus()).as(state).isEqualTo(503);
            assertThat(r.getHeaderString("Retry-After")).isEqualTo("1");
            assertThat(body(r)).contains("database-unavailable");
        }
        RollbackException commit = new RollbackException("commit failed");
        commit.initCause(new SQLException("terminating connection due to administrator command", "57P01"));
        RollbackException refused = new RollbackException("commit failed");
        refused.initCause(new SQLException("cannot execute INSERT in a read-only transaction", "25006"));
        assertThat(body(map(refused))).as("a commit PostgreSQL refused rolled back: its outcome is known")
                .contains("database-unavailable").contains("nothing was written");
        Response unknown = map(new TenantryException("wrapped", commit));
        assertThat(unknown.getStatus()).isEqualTo(503);
        assertThat(body(unknown)).contains("urn:tenantry:problem:" + ProblemDetailsMapper.COMMIT_OUTCOME_UNKNOWN)
                .contains("Idempotency-Key");
        // an autocommitted write whose connection went: applied or not, nobody knows
        Response direct = map(new WriteOutcomeUnknownException("lost during a direct write of Book",
                new jakarta.persistence.PersistenceException(new SQLException("An I/O error occurred", "08006"))));
        assertThat(direct.getStatus()).isEqualTo(503);
        assertThat(direct.getHeaderString("Retry-After")).isEqualTo("1");
        assertThat(body(direct)).contains(ProblemDetailsMapper.COMMIT_OUTCOME_UNKNOWN).doesNotContain("nothing was written");
        // EclipseLink decides "communication failure" by testing the connection, not by SQLState: none here
        Response noState = map(new WriteOutcomeUnknownException("lost during a direct write of Book",
                new jakarta.persistence.PersistenceException(new SQLException("This connection has been closed."))));
        assertThat(noState.getStatus()).isEqualTo(503);
        assertThat(body(noState)).contains(ProblemDetailsMapper.COMMIT_OUTCOME_UNKNOWN);
        assertThat(body(map(new HeuristicMixedException("hazard")))).contains(ProblemDetailsMapper.COMMIT_OUTCOME_UNKNOWN);
        assertThat(body(map(new jakarta.transaction.SystemException("XAResource.commit failed"))))
                .contains(ProblemDetailsMapper.COMMIT_OUTCOME_UNKNOWN);
        // as Payara's @Transactional reports a commit that lost its connection (BackendFaultIT)
        Response payara = new dev.tenantry.persistence.web.TransactionProblems().toResponse(new jakarta.transaction.TransactionalException(
                "Managed bean with Transactional annotation and TxType of REQUIRED encountered exception during commit"
                        + " jakarta.transaction.SystemException", new jakarta.transaction.SystemException()));
        assertThat(payara.getStatus()).isEqualTo(503);
        assertThat(body(payara)).contains(ProblemDetailsMapper.COMMIT_OUTCOME_UNKNOWN);
    }

    @Test
    void aPoolThatCannotHandOutAConnectionAndARolledBackCommitAre503() {
        // as Payara and WildFly report them while backends are being terminated (BackendFaultIT)
        Response allocation = map(new PersistenceException(new SQLException("Error in allocating a connection. Cause:"
                + " This Managed Connection is not valid as the physical connection is not usable")));
        assertThat(allocation.getStatus()).isEqualTo(503);
        assertThat(body(allocation)).contains("database-unavailable");
        assertThat(map(new PersistenceException(new jakarta.resource.ResourceException("IJ000453: Unable to get managed"
                + " connection for java:/jdbc/tenantry"))).getStatus()).isEqualTo(503);
        // Payara's connection handle after the pool took its broken connection away: a NullPointerException
        // from inside the handle (BackendFaultIT, a membership read while backends were terminated)
        NullPointerException handle = new NullPointerException("Cannot invoke \"java.sql.Connection.getAutoCommit()\""
                + " because \"this.con\" is null");
        handle.setStackTrace(new StackTraceElement[] {
            new StackTraceElement("com.sun.gjc.spi.base.ConnectionHolder", "getAutoCommit", "ConnectionHolder.java", 331),
            new StackTraceElement("dev.tenantry.tenancy.internal.RowSecurityConnections", "prepare", null, 679)});
        Response lostHandle = map(new PersistenceException(handle));
        assertThat(lostHandle.getStatus()).isEqualTo(503);
        assertThat(lostHandle.getHeaderString("Retry-After")).isEqualTo("1");
        assertThat(body(lostHandle)).contains("database-unavailable").doesNotContain("this.con");
        RollbackException commitOnLostHandle = new RollbackException("commit failed");
        commitOnLostHandle.initCause(handle);
        assertThat(body(map(commitOnLostHandle))).contains(ProblemDetailsMapper.COMMIT_OUTCOME_UNKNOWN);
        // WildFly's handle without its managed connection
        assertThat(map(new PersistenceException(new SQLException("IJ031040: Connection is not associated with a managed"
                + " connection: org.jboss.jca.adapters.jdbc.jdk8.WrappedConnectionJDK8@3e7c33f6"))).getStatus()).isEqualTo(503);
        // a NullPointerException of anything else stays what it is: a 500 (anythingElseIsA500...)
        NullPointerException elsewhere = new NullPointerException("Cannot invoke \"java.sql.Connection.getAutoCommit()\"");
        elsewhere.setStackTrace(new StackTraceElement[] {new StackTraceElement("com.acme.Dao", "find", null, 12)});
        assertThat(map(new PersistenceException(elsewhere)).getStatus()).isEqualTo(500);
        Response rolledBack = map(new RollbackException("ARJUNA016053: Could not commit transaction."));
        assertThat(rolledBack.getStatus()).isEqualTo(503);
        assertThat(rolledBack.getHeaderString("Retry-After")).isEqualTo("1");
        assertThat(body(rolledBack)).contains("transaction-rolled-back");
    }

    @Test
    void jaxRsErrorsBecomeProblemsWithTheirStatusAndHeaders() {
        assertThat(map(new NotFoundException("HTTP 404 Not Found")).getStatus()).isEqualTo(404);
        Response notAllowed = map(new NotAllowedException("GET", new String[] {"POST"}));
        assertThat(notAllowed.getStatus()).isEqualTo(405);
        assertThat(notAllowed.getHeaderString("Allow")).contains("GET");
        assertThat(map(new NotSupportedException()).getStatus()).isEqualTo(415);
        assertThat(map(new NotAcceptableException()).getStatus()).isEqualTo(406);
        assertThat(map(new NotFoundException("RESTEASY003870: Unable to extract parameter from http request:"
                + " jakarta.ws.rs.QueryParam(\"size\") value is 'abc'", new NumberFormatException("abc"))).getStatus())
                .as("a bad query parameter").isEqualTo(400);
        assertThat(map(new WebApplicationException(401)).getStatus()).isEqualTo(401);
    }

    @Test
    void notFoundAndBadPagingAreClientErrors() {
        assertThat(map(new RecordNotFoundException("Book", UUID.randomUUID())).getStatus()).isEqualTo(404);
        assertThat(map(new InvalidSortException("Cannot sort")).getStatus()).isEqualTo(400);
    }

    @Test
    void anythingElseIsA500WithOnlyTheCorrelationId() {
        Response r = map(new TenantryException("internal detail select * from secrets"));
        assertThat(r.getStatus()).isEqualTo(500);
        Response npe = map(new NullPointerException("Cannot invoke \"com.acme.Secret.get()\""));
        assertThat(npe.getStatus()).isEqualTo(500);
        assertThat(body(npe)).contains("urn:tenantry:problem:internal")
                .contains(npe.getHeaderString(ProblemDetailsMapper.CORRELATION_HEADER));
    }

    /** A request body with Bean Validation constraints. */
    record Input(@NotBlank String title, @Size(min = 1, max = 200) String slug) {
    }
}
