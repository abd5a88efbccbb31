package dev.tenantry.persistence.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantry.persistence.DatabaseTest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * Cleanup after work on a real connection: the work's failure is the one reported, whether the
 * connection is healthy (rolled back and restored) or gone (the cleanup's own failures ride along).
 */
class JdbcCleanupTest extends DatabaseTest {

    @Override
    protected boolean migrate() {
        return false;
    }

    @Test
    void aFailedStatementIsRolledBackAndTheConnectionRestored() throws Exception {
        database.execute("CREATE TABLE IF NOT EXISTS cleaned (n int PRIMARY KEY)");
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            SQLException failure;
            try (Statement s = c.createStatement()) {
                s.execute("INSERT INTO cleaned VALUES (1)");
                failure = catchSql(() -> s.execute("SELECT 1 / 0"));
            }
            JdbcCleanup.after(failure, c::rollback, () -> c.setAutoCommit(true));
            assertThat(failure.getSQLState()).isEqualTo("22012");
            assertThat(failure.getSuppressed()).isEmpty();
            assertThat(c.getAutoCommit()).isTrue();
        }
        assertThat(database.rows("select count(*) from cleaned")).containsExactly("0");
    }

    @Test
    void onALostConnectionTheLossIsReportedAndTheCleanupsFailuresRideAlong() throws Exception {
        try (Connection c = dataSource.getConnection(); Connection admin = dataSource.getConnection()) {
            c.setAutoCommit(false);
            int pid;
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
                rs.next();
                pid = rs.getInt(1);
            }
            try (PreparedStatement kill = admin.prepareStatement("SELECT pg_terminate_backend(?)")) {
                kill.setInt(1, pid);
                kill.execute();
            }
            SQLException failure = catchSql(() -> {
                try (Statement s = c.createStatement()) {
                    s.execute("SELECT 1");
                }
            });
            assertThat(failure.getSQLState()).as("terminated (57P01) or the socket gone (08...)").matches("57P01|08.*");
            String state = failure.getSQLState();
            JdbcCleanup.after(failure, c::rollback, () -> c.setAutoCommit(true));
            assertThat(failure.getSQLState()).as("the work's own failure is the one left").isEqualTo(state);
            assertThat(failure.getSuppressed()).as("rollback and restore failed on the dead connection").hasSize(2)
                    .allSatisfy(t -> assertThat(t).isInstanceOf(SQLException.class));

            // without a failure of the work, a failing cleanup step is thrown (as a plain finally would)
            assertThatThrownBy(() -> JdbcCleanup.after(null, c::rollback, () -> c.setAutoCommit(true)))
                    .isInstanceOf(SQLException.class);
        }
    }

    private interface SqlWork {
        void run() throws SQLException;
    }

    private static SQLException catchSql(SqlWork work) {
        try {
            work.run();
        } catch (SQLException e) {
            return e;
        }
        throw new AssertionError("expected the statement to fail");
    }
}
