package dev.tenantry.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tenantry.persistence.errors.UniqueViolationException;
import dev.tenantry.persistence.paging.KeysetPage;
import dev.tenantry.persistence.paging.KeysetRequest;
import dev.tenantry.persistence.paging.Order;
import dev.tenantry.persistence.paging.PageRequest;
import dev.tenantry.persistence.paging.Sort;
import dev.tenantry.persistence.repository.DeletedRows;
import dev.tenantry.persistence.repository.RecordNotFoundException;
import dev.tenantry.persistence.repository.Repository;
import dev.tenantry.persistence.softdelete.SoftDeletes;
import jakarta.persistence.EntityManager;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Tenant B must never see or change tenant A's rows, whatever the query path; no tenant, no data. */
class TenantIsolationTest extends TenantDatabaseTest {

    private static final TenantId A = new TenantId(UUID.fromString("0191d6a0-0000-7000-8000-00000000000a"));
    private static final TenantId B = new TenantId(UUID.fromString("0191d6a0-0000-7000-8000-00000000000b"));


    @BeforeEach
    void overlappingData() {
        sql("DELETE FROM projects");
        sql("DELETE FROM notes");
        emf.getCache().evictAll();
        for (TenantId t : List.of(A, B)) {
            run(t, em -> {
                Repository<Project> projects = new Repository<>(Project.class, em);
                projects.save(new Project("shared name"));
                projects.save(new Project("only " + t));
            });
        }
    }

    @Test
    void pagesOfOneShapeServeEachTenantItsOwnItems() {
        // the same page shapes, first for A then for B on one factory: Tenantry shares its prepared
        // page templates across tenants, so compare the items, not only the totals
        for (Sort sort : List.of(Sort.unsorted(), Sort.by(Order.desc("name")), Sort.by(Order.asc("createdAt")))) {
            for (TenantId t : List.of(A, B, A)) {
                List<String> offset = as(t, em -> new Repository<>(Project.class, em).page(new PageRequest(0, 10, sort))
                        .items().stream().map(Project::getName).sorted().toList());
                assertThat(offset).as(t + " " + sort).containsExactly("only " + t, "shared name");
                List<UUID> keyset = as(t, em -> new Repository<>(Project.class, em)
                        .keyset(new KeysetRequest(Order.desc("name"), 1, null)).items().stream().map(Project::getId).toList());
                List<UUID> own = as(t, em -> em.createQuery("select p.id from Project p", UUID.class).getResultList());
                assertThat(own).containsAll(keyset);
                assertThat(keyset).hasSize(1);
                String second = as(t, em -> {
                    Repository<Project> projects = new Repository<>(Project.class, em);
                    KeysetPage<Project> first = projects.keyset(new KeysetRequest(Order.desc("name"), 1, null));
                    return projects.keyset(new KeysetRequest(Order.desc("name"), 1, first.nextCursor().orElseThrow()))
                            .items().get(0).getName();
                });
                assertThat(second).as("second keyset page of " + t).isEqualTo("only " + t);
            }
        }
    }

    @Test
    void includingDeletedReadsTheTenantsOwnRowsOnly() {
        UUID aDeleted = as(A, em -> {
            Repository<Project> projects = new Repository<>(Project.class, em);
            UUID id = projects.save(new Project("deleted of A")).getId();
            projects.deleteById(id);
            return id;
        });
        UUID bDeleted = as(B, em -> {
            Repository<Project> projects = new Repository<>(Project.class, em);
            UUID id = projects.save(new Project("deleted of B")).getId();
            projects.deleteById(id);
            return id;
        });

        run(A, em -> {
            DeletedRows<Project> all = new Repository<>(Project.class, em).includingDeleted();
            assertThat(all.count()).isEqualTo(3);
            assertThat(all.find(aDeleted)).map(Project::getName).contains("deleted of A");
            assertThat(all.find(bDeleted)).isEmpty();
            assertThat(all.page(PageRequest.of(0, 10)).items()).extracting(Project::getName)
                    .containsExactlyInAnyOrder("only " + A, "shared name", "deleted of A");
            assertThat(all.keyset(KeysetRequest.first(10)).items()).extracting(Project::getName)
                    .containsExactlyInAnyOrder("only " + A, "shared name", "deleted of A");
        });
        run(B, em -> assertThat(new Repository<>(Project.class, em).includingDeleted().find(aDeleted)).isEmpty());
    }

    @Test
    void findByIdOfAnotherTenantsRowFindsNothing() {
        UUID aProject = as(A, em -> new Repository<>(Project.class, em).page(PageRequest.of(0, 10)).items().get(0).getId());
        run(B, em -> {
            assertThat(em.find(Project.class, aProject)).isNull();
            assertThat(new Repository<>(Project.class, em).find(aProject)).isEmpty();
            assertThat(new Repository<>(Project.class, em).exists(aProject)).isFalse();
        });
    }

    @Test
    void jpqlCriteriaCountAndPagesSeeOnlyOwnRows() {
        run(B, em -> {
            assertThat(em.createQuery("select p.name from Project p order by p.name", String.class).getResultList())
                    .containsExactly("only " + B, "shared name");
            CriteriaBuilder cb = em.getCriteriaBuilder();
            CriteriaQuery<Project> q = cb.createQuery(Project.class);
            q.select(q.from(Project.class));
            assertThat(em.createQuery(q).getResultList()).hasSize(2);
            Repository<Project> projects = new Repository<>(Project.class, em);
            assertThat(projects.count()).isEqualTo(2);
            assertThat(projects.page(PageRequest.of(0, 10)).total()).isEqualTo(2);
            assertThat(em.createQuery("select count(p) from Project p where p.name = 'only " + A + "'", Long.class)
                    .getSingleResult()).isZero();
        });
    }

    @Test
    void namedQueriesSeeOnlyOwnRows() {
        run(B, em -> {
            assertThat(em.createNamedQuery("Project.byName", Project.class).setParameter("name", "shared name")
                    .getResultList()).hasSize(1);
            assertThat(em.createNamedQuery("Project.byName", Project.class).setParameter("name", "only " + A)
                    .getResultList()).isEmpty();
        });
    }

    @Test
    void mergingADetachedEntityCarryingAnotherTenantsIdNeverChangesThatTenantsRow() {
        Project detachedA = as(A, em -> em.createNamedQuery("Project.byName", Project.class)
                .setParameter("name", "only " + A).getSingleResult());
        List<String> rowOfA = rows("select * from projects where organization_id = '" + A + "' and id = '" + detachedA.getId() + "'");
        detachedA.setName("hijacked");

        try {
            run(B, em -> new Repository<>(Project.class, em).save(detachedA));
        } catch (RuntimeException refused) {
            // refusing is as good as writing a row of B's own; what matters is below
        }

        assertThat(rows("select * from projects where organization_id = '" + A + "' and id = '" + detachedA.getId() + "'"))
                .isEqualTo(rowOfA);
        assertThat(rows("select count(*) from projects where name = 'hijacked' and organization_id = '" + A + "'"))
                .containsExactly("0");
    }

    @Test
    void bulkJpqlUpdateAndDeleteTouchOnlyOwnRows() {
        run(B, em -> {
            assertThat(em.createQuery("update Project p set p.name = concat(p.name, ' (B)')").executeUpdate()).isEqualTo(2);
            assertThat(em.createQuery("delete from Note n").executeUpdate()).isZero();
        });
        assertThat(rows("select name from projects where organization_id = '" + A + "' order by name"))
                .containsExactly("only " + A, "shared name");
    }

    @Test
    void removeByIdUnderAnotherTenantIsNotFoundAndChangesNothing() {
        UUID aProject = idOf(A, "only " + A);
        List<String> before = rows("select * from projects order by organization_id, id");
        assertThatThrownBy(() -> run(B, em -> new Repository<>(Project.class, em).deleteById(aProject)))
                .isInstanceOf(RecordNotFoundException.class);
        assertThat(rows("select * from projects order by organization_id, id")).isEqualTo(before);
    }

    @Test
    void updateOfTheSameIdInAnotherTenantChangesOnlyOwnRow() {
        // eclipselink #1333: UPDATE/DELETE by primary key without the tenant predicate. The tenant is part
        // of the key here, so two tenants can hold the same id and each statement must pick one row.
        UUID same = UUID.randomUUID();
        for (TenantId t : List.of(A, B)) {
            sql("INSERT INTO notes VALUES ('" + t + "', '" + same + "', now(), now(), 1, 'note of " + t + "')");
        }
        run(B, em -> em.find(Note.class, same).setText("changed by B"));
        run(B, em -> em.remove(em.find(Note.class, same)));

        assertThat(rows("select organization_id || ':' || text from notes where id = '" + same + "'"))
                .containsExactly(A + ":note of " + A);
    }

    @Test
    void softDeleteOfTheSameIdInAnotherTenantMarksOnlyOwnRow() {
        UUID same = UUID.randomUUID();
        for (TenantId t : List.of(A, B)) {
            sql("INSERT INTO projects VALUES ('" + t + "', '" + same + "', now(), now(), 1, NULL, 'same id " + t + "')");
        }
        run(B, em -> new Repository<>(Project.class, em).deleteById(same));

        assertThat(rows("select organization_id || ':' || (deleted_at is not null) from projects where id = '" + same
                + "' order by organization_id")).containsExactly(A + ":false", B + ":true");
    }

    @Test
    void restoreAndPurgeAreTenantScoped() {
        UUID same = UUID.randomUUID();
        for (TenantId t : List.of(A, B)) {
            sql("INSERT INTO projects VALUES ('" + t + "', '" + same + "', now(), now(), 1, now() - interval '40 days', 'gone "
                    + t + "')");
        }
        run(B, em -> new Repository<>(Project.class, em).restore(same));
        assertThat(rows("select organization_id || ':' || (deleted_at is null) from projects where id = '" + same
                + "' order by organization_id")).containsExactly(A + ":false", B + ":true");

        long purged = as(A, em -> SoftDeletes.purge(em, Project.class, Duration.ofDays(30), 10));
        assertThat(purged).isEqualTo(1);
        assertThat(rows("select organization_id::text from projects where id = '" + same + "'")).containsExactly(B.toString());
    }

    @Test
    void uniquenessIsPerTenant() {
        assertThatThrownBy(() -> run(A, em -> new Repository<>(Project.class, em).save(new Project("shared name"))))
                .isInstanceOfSatisfying(UniqueViolationException.class,
                        e -> assertThat(e.constraint()).contains("projects_name_live_key"));
        run(A, em -> new Repository<>(Project.class, em).save(new Project("only " + B)));   // B's name is free in A
    }

    @Test
    void insertWithoutATenantIsRefusedAndWritesNothing() {
        List<String> before = rows("select * from projects order by organization_id, id");
        EntityManager em = emf.createEntityManager();
        try {
            em.getTransaction().begin();
            em.persist(new Project("no tenant"));
            assertThatThrownBy(em::flush).isInstanceOf(TenantNotResolvedException.class)
                    .hasMessageContaining("No tenant is set for saving a Project");
        } finally {
            if (em.getTransaction().isActive()) {
                em.getTransaction().rollback();
            }
            em.close();
        }
        assertThat(rows("select * from projects order by organization_id, id")).isEqualTo(before);
    }

    @Test
    void readsWithoutATenantFailClosed() {
        EntityManager em = emf.createEntityManager();
        try {
            // EclipseLink-6174: no value for the tenant property
            assertThatThrownBy(() -> em.createQuery("select p from Project p", Project.class).getResultList())
                    .hasMessageContaining(TenancySettings.TENANT_PROPERTY);
        } finally {
            em.close();
        }
        assertThatThrownBy(() -> TenantEntityManagers.openForCurrentTenant(emf))
                .isInstanceOf(TenantNotResolvedException.class);
    }

    private UUID idOf(TenantId tenant, String name) {
        return as(tenant, em -> em.createQuery("select p from Project p where p.name = :n", Project.class)
                .setParameter("n", name).getSingleResult().getId());
    }

}
