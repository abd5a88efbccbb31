package dev.tenantry.it.matrix;

import dev.tenantry.tenancy.RowSecurity;
import dev.tenantry.tenancy.TenantId;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Two tenants with overlapping data, written and read with plain JDBC (the ground truth). Each tenant
 * has a project with the same id as the other's ("S of X"), one with the same name ("same name") and
 * one of its own ("only X"); A has two tasks on its S, B one.
 */
@ApplicationScoped
public class MatrixData {

    /** Tenant A. */
    public static final TenantId A = new TenantId(UUID.fromString("0191d6a0-0000-7000-8000-00000000aaaa"));
    /** Tenant B. */
    public static final TenantId B = new TenantId(UUID.fromString("0191d6a0-0000-7000-8000-00000000bbbb"));
    /** The project id both tenants hold. */
    public static final UUID SAME_ID = UUID.fromString("0191d6a0-0000-7000-8000-000000005555");

    /**
     * Looked up by name rather than {@code @Resource(lookup = "jdbc/tenantry")}: WildFly resolves a
     * relative name in an annotation against {@code java:comp/env}, in a lookup against {@code java:}
     * (where its datasource is bound as {@code java:/jdbc/tenantry}); Payara finds it either way.
     */
    private final DataSource dataSource = lookup();

    private static DataSource lookup() {
        try {
            return javax.naming.InitialContext.doLookup("jdbc/tenantry");
        } catch (javax.naming.NamingException e) {
            throw new IllegalStateException("No DataSource at jdbc/tenantry", e);
        }
    }

    /**
     * Replaces all matrix rows by the fixture. The matrix tables have row-level security like any
     * tenant table, so each statement runs as its tenant ({@code RowSecurity.prepareStatement}).
     */
    public void reset() {
        for (TenantId t : List.of(A, B)) {
            String x = t == A ? "A" : "B";
            sql(null, "INSERT INTO organizations VALUES ('" + t + "', now(), now(), 1, NULL, 'Matrix " + x + "', 'matrix-"
                    + x.toLowerCase() + "') ON CONFLICT DO NOTHING");
            sql(t, "DELETE FROM matrix_tasks");
            sql(t, "DELETE FROM matrix_projects");
            project(t, SAME_ID, "S of " + x);
            project(t, UUID.randomUUID(), "same name");
            project(t, UUID.randomUUID(), "only " + x);
            task(t, "task of " + x + " on S");
        }
        task(A, "second task of A on S");
    }

    private void project(TenantId t, UUID id, String name) {
        sql(t, "INSERT INTO matrix_projects VALUES ('" + t + "', '" + id + "', now(), now(), 1, NULL, '" + name + "')");
    }

    private void task(TenantId t, String title) {
        sql(t, "INSERT INTO matrix_tasks VALUES ('" + t + "', '" + UUID.randomUUID() + "', now(), now(), 1, '" + title
                + "', '" + SAME_ID + "')");
    }

    /** @return every matrix row of {@code tenant}, as text, in a stable order */
    public List<String> rowsOf(TenantId tenant) {
        List<String> all = rows(tenant, "SELECT p::text FROM matrix_projects p WHERE organization_id = '" + tenant + "' ORDER BY id");
        all.addAll(rows(tenant, "SELECT t::text FROM matrix_tasks t WHERE organization_id = '" + tenant + "' ORDER BY id"));
        return all;
    }

    /** @return the id of {@code tenant}'s project named {@code name} */
    public UUID idOf(TenantId tenant, String name) {
        return UUID.fromString(rows(tenant, "SELECT id FROM matrix_projects WHERE organization_id = '" + tenant
                + "' AND name = '" + name + "'").get(0));
    }

    /** @return each row's first column, read as A and then as B (row-level security shows each its own) */
    public List<String> allRows(String query) {
        List<String> all = rows(A, query);
        all.addAll(rows(B, query));
        return all;
    }

    /** @return each row's first column, read as {@code tenant} */
    public List<String> rows(TenantId tenant, String query) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = RowSecurity.prepareStatement(c, tenant, query);
             ResultSet rs = ps.executeQuery()) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** Runs a statement as {@code tenant}, or with no tenant for shared tables. */
    private void sql(TenantId tenant, String statement) {
        try (Connection c = dataSource.getConnection()) {
            if (tenant == null) {
                try (Statement s = c.createStatement()) {
                    s.execute(statement);
                }
            } else {
                try (PreparedStatement ps = RowSecurity.prepareStatement(c, tenant, statement)) {
                    ps.execute();
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
