package dev.tenantry.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The catalog check of "distributable by organization_id", on Tenantry's tables and the test model. */
class DistributableSchemaTest extends TenantDatabaseTest {

    @Test
    void tenantryAndTheTestModelAreDistributable() throws SQLException {
        assertThat(violations()).isEmpty();
    }

    @Test
    void aTenantTableKeyedWithoutTheTenantAndForeignKeysWithoutItAreNamed() throws SQLException {
        // Citus itself refuses to create this schema (a foreign key from a local table to a distributed one)
        Assumptions.assumeFalse(onCitus(), "a schema Citus cannot hold");
        sql("CREATE TABLE bad_parents (organization_id uuid NOT NULL REFERENCES organizations (id), id uuid PRIMARY KEY)");
        sql("CREATE TABLE bad_children (organization_id uuid NOT NULL, id uuid NOT NULL, parent_id uuid REFERENCES bad_parents (id),"
                + " project_id uuid, other_org uuid REFERENCES organizations (id), PRIMARY KEY (organization_id, id),"
                + " CONSTRAINT bad_children_project_fk FOREIGN KEY (organization_id, project_id)"
                + " REFERENCES projects (organization_id, id))");
        try {
            assertThat(violations()).containsExactly(
                    "tenant table bad_parents has no primary key or unique key including organization_id",
                    "foreign key bad_children_other_org_fkey from bad_children to organizations is not on organization_id",
                    "foreign key bad_children_parent_id_fkey from bad_children to bad_parents"
                            + " does not include organization_id on both sides");
        } finally {
            sql("DROP TABLE bad_children");
            sql("DROP TABLE bad_parents");
        }
    }

    private List<String> violations() throws SQLException {
        try (Connection c = db.endpoint().connect()) {
            return DistributableSchema.violations(c);
        }
    }
}
