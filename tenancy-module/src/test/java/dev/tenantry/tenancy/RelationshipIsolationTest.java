package dev.tenantry.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantry.persistence.repository.Repository;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Relationship paths: EclipseLink does not add the tenant predicate to the joined side of outer
 * joins; composite foreign keys (organization_id, x_id) make a cross-tenant reference impossible,
 * so there is nothing for such a join to reach.
 */
class RelationshipIsolationTest extends TenantDatabaseTest {

    private static final TenantId A = new TenantId(UUID.randomUUID());
    private static final TenantId B = new TenantId(UUID.randomUUID());

    private UUID projectA;

    @BeforeAll
    void data() {
        for (TenantId t : List.of(A, B)) {
            UUID project = as(t, em -> {
                Project p = new Repository<>(Project.class, em).save(new Project("project of " + t));
                new Repository<>(Task.class, em).save(new Task("task of " + t, p));
                new Repository<>(Task.class, em).save(new Task("loose task of " + t, null));
                return p.getId();
            });
            if (t.equals(A)) {
                projectA = project;
            }
        }
    }

    @Test
    void aReferenceToAnotherTenantsRowIsRefusedByTheDatabase() {
        // the ORM does not hand out another tenant's row even as a reference ...
        assertThatThrownBy(() -> as(B, em -> {
            Project foreign = em.getReference(Project.class, projectA);
            return new Repository<>(Task.class, em).save(new Task("sneaky", foreign));
        })).isInstanceOf(jakarta.persistence.EntityNotFoundException.class);
        // ... a detached copy smuggled in is, under B, an unknown new object EclipseLink refuses to write ...
        Project smuggled = as(A, em -> em.find(Project.class, projectA));
        assertThatThrownBy(() -> as(B, em -> new Repository<>(Task.class, em).save(new Task("sneaky", smuggled))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not marked cascade PERSIST");
        // ... and SQL that bypasses the ORM is stopped by the composite foreign key
        assertThatThrownBy(() -> sql("INSERT INTO tasks VALUES ('" + B + "', '" + UUID.randomUUID()
                + "', now(), now(), 1, 'sneaky', '" + projectA + "')"))
                .hasMessageContaining("tasks_project_fk");
        assertThat(this.<Long>as(B, em -> em.createQuery("select count(t) from Task t where t.title = 'sneaky'", Long.class)
                .getSingleResult())).isZero();
    }

    @Test
    void manyToOneAndOneToManyTraversalStayInTheTenant() {
        as(B, em -> {
            List<Task> tasks = em.createQuery("select t from Task t order by t.title", Task.class).getResultList();
            assertThat(tasks).extracting(Task::getTitle).containsExactly("loose task of " + B, "task of " + B);
            assertThat(tasks.get(1).getProject().getName()).isEqualTo("project of " + B);     // lazy ManyToOne
            Project own = tasks.get(1).getProject();
            assertThat(own.getTasks()).extracting(Task::getTitle).containsExactly("task of " + B);  // lazy OneToMany
            return null;
        });
    }

    @Test
    void fetchJoinsAndOuterJoinsShowNoForeignRow() {
        // eclipselink #1563 (@AdditionalCriteria ignored with outer fetch joins) and the outer-join gap
        as(B, em -> {
            List<Project> fetched = em.createQuery("select distinct p from Project p left join fetch p.tasks", Project.class)
                    .getResultList();
            assertThat(fetched).extracting(Project::getName).containsExactly("project of " + B);
            assertThat(fetched.get(0).getTasks()).extracting(Task::getTitle).containsExactly("task of " + B);

            List<Object[]> rows = em.createQuery("select t.title, p.name from Task t left join t.project p order by t.title",
                    Object[].class).getResultList();
            assertThat(rows).extracting(r -> r[0] + "/" + r[1])
                    .containsExactly("loose task of " + B + "/null", "task of " + B + "/project of " + B);
            return null;
        });
    }

    @Test
    void leftJoinOnKeepsTheTenant() {
        // eclipselink #1185: LEFT JOIN ... ON with the tenant predicate moved into WHERE
        as(B, em -> {
            List<Object[]> rows = em.createQuery("select p.name, t.title from Project p left join Task t on t.project = p"
                    + " order by t.title", Object[].class).getResultList();
            assertThat(rows).extracting(r -> r[0] + "/" + r[1]).containsExactly("project of " + B + "/task of " + B);
            return null;
        });
    }

}
