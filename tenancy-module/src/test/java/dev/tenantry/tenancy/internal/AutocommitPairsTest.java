package dev.tenantry.tenancy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantry.embedded.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.postgresql.PGStatement;

/**
 * Whether a statement under row-level security may run in autocommit as one round trip, on the real
 * driver: pgjdbc's statements implement {@code PGStatement} through an interface of theirs, and a
 * lookup that missed it sent every autocommit statement with a timestamp or a null in a transaction
 * of its own (BEGIN, the pair, COMMIT: a second round trip).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AutocommitPairsTest {

    private TestDatabase db;
    private Connection connection;

    @BeforeAll
    void connect() throws Exception {
        db = TestDatabase.create(getClass().getSimpleName());
        connection = db.endpoint().connect();
    }

    @AfterAll
    void close() throws Exception {
        connection.close();
        db.close();
    }

    @Test
    void aStatementWithAnUntypedParameterRunsOneShotInsteadOfInATransactionOfItsOwn() throws Exception {
        try (PreparedStatement ps = connection.prepareStatement("SELECT ?::timestamptz")) {
            ps.setTimestamp(1, new Timestamp(0));   // pgjdbc binds timestamps without a type
            assertThat(RowSecurityConnections.safeInAutocommit(ps)).isTrue();
            assertThat(ps.unwrap(PGStatement.class).getPrepareThreshold()).isZero();   // never described
        }
    }

    @Test
    void aStatementWithTypedParametersKeepsTheDriversPreparedStatements() throws Exception {
        try (PreparedStatement ps = connection.prepareStatement("SELECT ?::uuid")) {
            int threshold = ps.unwrap(PGStatement.class).getPrepareThreshold();
            ps.setObject(1, UUID.randomUUID());
            assertThat(RowSecurityConnections.safeInAutocommit(ps)).isTrue();
            assertThat(ps.unwrap(PGStatement.class).getPrepareThreshold()).isEqualTo(threshold).isPositive();
        }
    }
}
