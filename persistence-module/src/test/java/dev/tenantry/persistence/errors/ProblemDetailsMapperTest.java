package dev.tenantry.persistence.errors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantry.persistence.TenantryException;
import dev.tenantry.persistence.paging.InvalidSortException;
import dev.tenantry.persistence.repository.RecordNotFoundException;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ProblemDetailsMapperTest {

    private final ProblemDetailsMapper mapper = new ProblemDetailsMapper();

    private static DataIntegrityException violation(String state, String message) {
        return DataErrors.translate(new RuntimeException(new SQLException(message, state))).orElseThrow();
    }

    @Test
    void uniqueAndForeignKeyViolationsAreConflicts() {
        Response unique = mapper.toResponse(violation("23505",
                "ERROR: duplicate key value violates unique constraint \"books_isbn_key\" Detail: Key (isbn)=(978-1) already exists."));
        Response fk = mapper.toResponse(violation("23503", "violates foreign key constraint \"books_author_fk\""));

        assertThat(unique.getStatus()).isEqualTo(409);
        assertThat(unique.getMediaType().toString()).isEqualTo("application/problem+json");
        assertThat((String) unique.getEntity())
                .contains("\"type\":\"urn:tenantry:problem:unique-violation\"")
                .contains("\"constraint\":\"books_isbn_key\"")
                .contains("\"status\":409")
                .doesNotContain("978-1")
                .doesNotContain("Detail");
        assertThat(fk.getStatus()).isEqualTo(409);
    }

    @Test
    void notNullAndCheckViolationsAreUnprocessable() {
        assertThat(mapper.toResponse(violation("23502", "null value in column \"title\"")).getStatus()).isEqualTo(422);
        assertThat(mapper.toResponse(violation("23514", "violates check constraint \"c\"")).getStatus()).isEqualTo(422);
    }

    @Test
    void notFoundAndBadPagingAreClientErrors() {
        assertThat(mapper.toResponse(new RecordNotFoundException("Book", UUID.randomUUID())).getStatus()).isEqualTo(404);
        assertThat(mapper.toResponse(new InvalidSortException("Cannot sort")).getStatus()).isEqualTo(400);
    }

    @Test
    void anythingElseIsA500WithoutItsMessage() {
        Response r = mapper.toResponse(new TenantryException("internal detail select * from secrets"));
        assertThat(r.getStatus()).isEqualTo(500);
        assertThat((String) r.getEntity()).doesNotContain("secrets");
    }
}
