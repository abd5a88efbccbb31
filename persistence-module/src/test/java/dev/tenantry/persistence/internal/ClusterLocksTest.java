package dev.tenantry.persistence.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantry.persistence.DatabaseTest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two servers seeding one database at the same moment, as two threads with connections of their own:
 * each checks whether its row exists and adds it if not, slowly. Without the lock both add it; with
 * {@link ClusterLocks#holdUntilCommit} the second waits for the first to commit, sees the row and adds
 * nothing.
 */
class ClusterLocksTest extends DatabaseTest {

    @BeforeEach
    void aSeedTableWithoutAKey() {
        database.execute("DROP TABLE IF EXISTS seeded");
        database.execute("CREATE TABLE seeded (name text NOT NULL)");
    }

    @Test
    void withTheLockTwoServersSeedOnce() throws Exception {
        assertThat(seedFromTwoServersAtOnce(true)).isEqualTo(1);
    }

    @Test
    void withoutItBothWouldSeed() throws Exception {
        assertThat(seedFromTwoServersAtOnce(false)).isEqualTo(2);
    }

    private long seedFromTwoServersAtOnce(boolean locked) throws Exception {
        CyclicBarrier together = new CyclicBarrier(2);
        ExecutorService servers = Executors.newFixedThreadPool(2);
        try {
            List<Future<Boolean>> added = new ArrayList<>();
            for (int server = 0; server < 2; server++) {
                added.add(servers.submit(() -> seed(locked, together)));
            }
            for (Future<Boolean> f : added) {
                f.get();
            }
        } finally {
            servers.shutdownNow();
        }
        return Long.parseLong(database.rows("select count(*) from seeded").get(0));
    }

    /** The idempotent seed: in a transaction, add the row unless it exists. */
    private boolean seed(boolean locked, CyclicBarrier together) throws Exception {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            together.await();
            if (locked) {
                ClusterLocks.holdUntilCommit(c, ClusterLocks.SEEDS);
            }
            try (Statement s = c.createStatement()) {
                boolean exists;
                try (ResultSet rs = s.executeQuery("select exists (select 1 from seeded where name = 'welcome')")) {
                    rs.next();
                    exists = rs.getBoolean(1);
                }
                Thread.sleep(300);   // the other server checks meanwhile
                if (!exists) {
                    s.execute("insert into seeded values ('welcome')");
                }
                c.commit();
                return !exists;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }
}
