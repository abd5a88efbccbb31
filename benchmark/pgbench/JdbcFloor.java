import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Random;
import java.util.UUID;

/**
 * The floor of floor.sh once more, through pgjdbc alone (no pool, no ORM, no Tenantry): a find by id
 * as the role that bypasses row-level security, the same find with the tenant's {@code set_config}
 * in front in the same round trip (bypassing, then as the role the policy applies to, as Tenantry
 * sends it in autocommit), and the tenant set by a statement of its own in a transaction (two round
 * trips and a commit). One connection each, interleaved, median µs of each round; the ratio is the
 * plain find's median over each one's (a throughput ratio, as floor.sh prints).
 *
 * <p>Run by floor.sh on its database: {@code java -cp postgresql.jar JdbcFloor.java URL ROUNDS}.
 */
public final class JdbcFloor {

    private static final String FIND = "SELECT id, created_at, updated_at, version, deleted_at, title, amount"
            + " FROM bench_items WHERE organization_id = ? AND id = ? AND deleted_at IS NULL";
    private static final String SET = "SELECT set_config('tenantry.tenant_id', ?, true)";
    private static final int PER_ROUND = 20_000;

    private interface Find {
        void run(int tenant, int row) throws SQLException;
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        int rounds = Integer.parseInt(args[1]);
        Connection plain = DriverManager.getConnection(url, "tenantry_floor_bypass", "");
        Connection settingOnly = DriverManager.getConnection(url, "tenantry_floor_bypass", "");
        Connection rowSecurity = DriverManager.getConnection(url, "tenantry_floor_app", "");
        Connection ownStatement = DriverManager.getConnection(url, "tenantry_floor_app", "");
        String[] names = {"plain", "set_config in front (bypassing)", "set_config in front, RLS on",
                "set_config on its own, RLS on (transaction)"};
        Find[] finds = {
            (t, r) -> find(plain, FIND, 0, t, r),
            (t, r) -> find(settingOnly, SET + "; " + FIND, 1, t, r),
            (t, r) -> find(rowSecurity, SET + "; " + FIND, 1, t, r),
            (t, r) -> {
                ownStatement.setAutoCommit(false);
                try (PreparedStatement s = ownStatement.prepareStatement(SET)) {
                    s.setString(1, key(t).toString());
                    s.executeQuery().close();
                }
                find(ownStatement, FIND, 0, t, r);
                ownStatement.commit();
                ownStatement.setAutoCommit(true);
            }};
        Random random = new Random(42);
        double[][] ratios = new double[finds.length][rounds];
        for (int round = 0; round <= rounds; round++) {   // round 0 warms up
            long[][] nanos = new long[finds.length][PER_ROUND];
            for (int j = 0; j < PER_ROUND; j++) {
                int tenant = 1 + random.nextInt(1000);
                int row = 1 + random.nextInt(100);
                for (int q = 0; q < finds.length; q++) {
                    int i = (q + j) % finds.length;   // each goes first in turn
                    long start = System.nanoTime();
                    finds[i].run(tenant, row);
                    nanos[i][j] = System.nanoTime() - start;
                }
            }
            for (int i = 0; i < finds.length; i++) {
                Arrays.sort(nanos[i]);
                if (round > 0) {
                    ratios[i][round - 1] = (double) nanos[0][PER_ROUND / 2] / nanos[i][PER_ROUND / 2];
                }
            }
        }
        System.out.printf("%npgjdbc alone, one connection each, find by id, throughput ratio to the plain find,"
                + " median (min-max) of %d rounds:%n", rounds);
        for (int i = 1; i < finds.length; i++) {
            double[] r = ratios[i].clone();
            Arrays.sort(r);
            double median = r.length % 2 == 1 ? r[r.length / 2] : (r[r.length / 2 - 1] + r[r.length / 2]) / 2;
            System.out.printf("find: %-53s %.2f (%.2f-%.2f)%n", names[i] + " ÷ plain", median, r[0], r[r.length - 1]);
        }
    }

    private static void find(Connection c, String sql, int shift, int tenant, int row) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (shift == 1) {
                ps.setString(1, key(tenant).toString());
            }
            ps.setObject(1 + shift, key(tenant));
            ps.setObject(2 + shift, key(tenant * 1000L + row));
            ps.execute();
            if (shift == 1 && !ps.getMoreResults()) {
                throw new IllegalStateException("the find's result did not follow the setting's");
            }
            try (ResultSet rs = ps.getResultSet()) {
                if (!rs.next()) {
                    throw new IllegalStateException("row " + tenant + "/" + row + " not found");
                }
            }
        }
    }

    /** The uuid schema.sql's k(n) gives. */
    private static UUID key(long n) {
        return UUID.fromString(String.format("00000000-0000-0000-0000-%012d", n));
    }
}
