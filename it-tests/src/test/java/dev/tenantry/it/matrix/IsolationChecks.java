package dev.tenantry.it.matrix;

import static dev.tenantry.it.matrix.MatrixData.A;
import static dev.tenantry.it.matrix.MatrixData.B;
import static dev.tenantry.it.matrix.MatrixData.SAME_ID;

import dev.tenantry.persistence.paging.KeysetRequest;
import dev.tenantry.persistence.paging.PageRequest;
import dev.tenantry.persistence.repository.RecordNotFoundException;
import dev.tenantry.persistence.repository.Repository;
import dev.tenantry.tenancy.AccessDeniedException;
import dev.tenantry.tenancy.ForTenant;
import dev.tenantry.tenancy.RequestTenant;
import dev.tenantry.tenancy.Role;
import dev.tenantry.tenancy.TenantId;
import dev.tenantry.tenancy.TenantNotResolvedException;
import dev.tenantry.tenancy.Tenants;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The isolation matrix, run inside the server through the injected {@link ForTenant} EntityManager
 * and repositories: tenant B aims each query path at tenant A's rows (see {@link MatrixData}). A
 * check returns normally or throws {@link AssertionError} naming the leak; the database is compared
 * with plain JDBC before and after.
 */
@ApplicationScoped
public class IsolationChecks {

    /** Marks a check. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    public @interface Check {
    }

    @Inject
    @ForTenant
    EntityManager em;

    @Inject
    @ForTenant
    Repository<MatrixProject> projects;

    @Inject
    Tx tx;

    @Inject
    MatrixData data;

    @Inject
    TenantReads reads;

    @Inject
    RequestTenant requestTenant;

    @Inject
    TimerProbe timers;

    @Resource
    ManagedExecutorService executor;

    /** @return the names of all checks */
    public static List<String> names() {
        return Arrays.stream(IsolationChecks.class.getDeclaredMethods()).filter(m -> m.isAnnotationPresent(Check.class))
                .map(Method::getName).sorted().toList();
    }

    @Check
    public void findById() {
        UUID onlyA = data.idOf(A, "only A");
        asB(() -> {
            expect(em.find(MatrixProject.class, onlyA) == null, "em.find returned A's project");
            expect(projects.find(onlyA).isEmpty(), "Repository.find returned A's project");
            expect(!projects.exists(onlyA), "Repository.exists saw A's project");
            expectEqual("S of B", em.find(MatrixProject.class, SAME_ID).getName(), "find of the id both hold");
            return null;
        });
    }

    @Check
    public void jpql() {
        expectEqual(List.of("S of B", "only B", "same name"), asB(reads::projectNames), "JPQL names");
        expectEqual(0L, asB(() -> em.createQuery("select count(p) from MatrixProject p where p.name = 'only A'", Long.class)
                .getSingleResult()), "JPQL count of A's name");
    }

    @Check
    public void criteria() {
        List<String> names = asB(() -> {
            CriteriaBuilder cb = em.getCriteriaBuilder();
            CriteriaQuery<MatrixProject> q = cb.createQuery(MatrixProject.class);
            q.select(q.from(MatrixProject.class));
            return em.createQuery(q).getResultList().stream().map(MatrixProject::getName).sorted().toList();
        });
        expectEqual(List.of("S of B", "only B", "same name"), names, "Criteria query");
    }

    @Check
    public void namedQuery() {
        expectEqual(0, asB(() -> em.createNamedQuery("MatrixProject.byName", MatrixProject.class)
                .setParameter("name", "only A").getResultList().size()), "named query for A's name");
        expectEqual(1, asB(() -> em.createNamedQuery("MatrixProject.byName", MatrixProject.class)
                .setParameter("name", "same name").getResultList().size()), "named query for the shared name");
    }

    @Check
    public void bulkUpdate() {
        List<String> rowsOfA = data.rowsOf(A);
        expectEqual(3, asB(() -> em.createQuery("update MatrixProject p set p.name = concat(p.name, ' (B)')").executeUpdate()),
                "rows changed by B's bulk UPDATE");
        expectEqual(rowsOfA, data.rowsOf(A), "A's rows after B's bulk UPDATE");
    }

    @Check
    public void bulkDelete() {
        List<String> rowsOfA = data.rowsOf(A);
        expectEqual(1, asB(() -> em.createQuery("delete from MatrixTask t").executeUpdate()), "rows deleted by B's bulk DELETE");
        expectEqual(rowsOfA, data.rowsOf(A), "A's rows after B's bulk DELETE");
    }

    @Check
    public void mergeOfADetachedEntityCarryingAsId() {
        UUID onlyA = data.idOf(A, "only A");
        MatrixProject detached = Tenants.callAs(A, () -> tx.call(() -> projects.get(onlyA)));
        List<String> rowsOfA = data.rowsOf(A);
        detached.setName("hijacked");
        try {
            asB(() -> projects.save(detached));
        } catch (RuntimeException refused) {
            // refusing is as good as writing a row of B's own; A's rows are what matters
        }
        expectEqual(rowsOfA, data.rowsOf(A), "A's rows after B merged A's detached project");
    }

    @Check
    public void removeById() {
        UUID onlyA = data.idOf(A, "only A");
        List<String> rowsOfA = data.rowsOf(A);
        try {
            asB(() -> {
                projects.deleteById(onlyA);
                return null;
            });
            throw new AssertionError("B's deleteById of A's project did not fail");
        } catch (RecordNotFoundException expected) {
            // as if it did not exist
        }
        expectEqual(rowsOfA, data.rowsOf(A), "A's rows after B's deleteById");
    }

    /** eclipselink #1333: UPDATE / DELETE by primary key without the tenant predicate. */
    @Check
    public void eclipselink1333UpdateAndSoftDeleteOfAnIdBothTenantsHold() {
        List<String> rowsOfA = data.rowsOf(A);
        asB(() -> {
            em.find(MatrixProject.class, SAME_ID).setName("S renamed by B");
            return null;
        });
        asB(() -> {
            projects.deleteById(SAME_ID);
            return null;
        });
        expectEqual(rowsOfA, data.rowsOf(A), "A's rows after B updated and deleted the id both hold");
        expectEqual(List.of("t"), data.rows(B, "SELECT deleted_at IS NOT NULL FROM matrix_projects WHERE organization_id = '" + B
                + "' AND id = '" + SAME_ID + "'"), "B's own row soft-deleted");
    }

    @Check
    public void lazyOneToMany() {
        expectEqual(List.of("task of B on S"), asB(() -> em.find(MatrixProject.class, SAME_ID).getTasks().stream()
                .map(MatrixTask::getTitle).toList()), "lazy OneToMany of the id both hold");
    }

    @Check
    public void lazyManyToOne() {
        expectEqual(List.of("S of B"), asB(() -> em.createQuery("select t from MatrixTask t", MatrixTask.class).getResultList()
                .stream().map(t -> t.getProject().getName()).toList()), "lazy ManyToOne of B's task");
    }

    /** eclipselink #1563: a fetch join loses the tenant criteria of the joined entity. */
    @Check
    public void eclipselink1563FetchJoinOneToMany() {
        List<String> titles = asB(() -> em.createQuery("select distinct p from MatrixProject p left join fetch p.tasks",
                MatrixProject.class).getResultList().stream().flatMap(p -> p.getTasks().stream()).map(MatrixTask::getTitle)
                .sorted().toList());
        expectEqual(List.of("task of B on S"), titles, "tasks fetched by a join fetch");
        expectEqual(List.of("S of B"), asB(() -> em.createQuery("select t from MatrixTask t join fetch t.project",
                MatrixTask.class).getResultList().stream().map(t -> t.getProject().getName()).toList()), "ManyToOne join fetch");
    }

    /**
     * eclipselink #1185: LEFT JOIN ... ON puts the joined entity's tenant predicate into WHERE. No
     * foreign row comes back, but outer rows without a match drop out (an inner join): pinned here so
     * that a fix is noticed. Joining along the relationship ({@code left join p.tasks t}) is correct,
     * because the join columns include {@code organization_id}.
     */
    @Check
    public void eclipselink1185LeftJoinOn() {
        expectEqual(List.of("S of B/task of B on S"), pairs("select concat(p.name, '/', coalesce(t.title, '-'))"
                + " from MatrixProject p left join MatrixTask t on t.project = p"), "LEFT JOIN ... ON rows (bug #1185 pinned)");
        expectEqual(List.of("S of B/task of B on S", "only B/-", "same name/-"), pairs("select concat(p.name, '/',"
                + " coalesce(t.title, '-')) from MatrixProject p left join p.tasks t"), "LEFT JOIN along the relationship");
    }

    private List<String> pairs(String jpql) {
        return asB(() -> em.createQuery(jpql, String.class).getResultList().stream().sorted().toList());
    }

    @Check
    public void pagingAndCounts() {
        asB(() -> {
            expectEqual(3L, projects.count(), "Repository.count");
            var page = projects.page(PageRequest.of(0, 20));
            expectEqual(3L, page.total(), "page total");
            expectEqual(Set.of("S of B", "only B", "same name"), names(page.items()), "page items");
            expectEqual(Set.of("S of B", "only B", "same name"), names(projects.keyset(KeysetRequest.first(20)).items()),
                    "keyset page items");
            return null;
        });
    }

    @Check
    public void repositoryWritesStayInTheTenant() {
        List<String> rowsOfA = data.rowsOf(A);
        asB(() -> projects.save(new MatrixProject("only A")));   // A's name is free in B
        expectEqual(rowsOfA, data.rowsOf(A), "A's rows after B saved");
        expectEqual(List.of(B.toString()), data.rows(B, "SELECT organization_id FROM matrix_projects WHERE name = 'only A'"
                + " AND organization_id <> '" + A + "'"), "tenant of B's new row");
    }

    @Check
    public void noTenantReadsAndWritesNothing() {
        List<String> before = data.allRows("SELECT count(*) FROM matrix_projects");
        expectThrows(TenantNotResolvedException.class, () -> tx.call(reads::projectNames), "read without a tenant");
        expectThrows(TenantNotResolvedException.class, () -> tx.call(() -> projects.save(new MatrixProject("no tenant"))),
                "save without a tenant");
        expectEqual(before, data.allRows("SELECT count(*) FROM matrix_projects"), "rows after work without a tenant");
    }

    @Check
    public void viewerReadsButCannotWriteThroughTheRepositories() {
        requestTenant.set(B, "vera", Role.VIEWER);   // as the TenantScoped filter would for a VIEWER
        List<String> before = data.allRows("SELECT t::text FROM matrix_projects t ORDER BY organization_id, id");
        expectEqual(3L, tx.call(projects::count), "VIEWER's count");
        expectThrows(AccessDeniedException.class, () -> tx.call(() -> projects.save(new MatrixProject("by a viewer"))),
                "VIEWER save");
        expectThrows(AccessDeniedException.class, () -> tx.call(() -> {
            projects.deleteById(SAME_ID);
            return null;
        }), "VIEWER delete");
        expectThrows(AccessDeniedException.class, () -> tx.call(() -> em.createQuery("update MatrixProject p set p.name = 'x'")
                .executeUpdate()), "VIEWER bulk update");
        // refused when EclipseLink writes it, inside the commit: Payara's transaction manager hands the
        // AccessDeniedException on; WildFly's (Narayana) rolls back and throws a RollbackException without
        // it as the cause. Either way nothing is written (checked below).
        expectThrows(System.getProperty("jboss.home.dir") == null ? AccessDeniedException.class
                : jakarta.transaction.RollbackException.class, () -> tx.call(() -> {
            em.find(MatrixProject.class, SAME_ID).setName("dirty");
            return null;
        }), "VIEWER changing a managed entity");
        expectEqual(before, data.allRows("SELECT t::text FROM matrix_projects t ORDER BY organization_id, id"), "rows after VIEWER writes");
    }

    @Check
    public void managedExecutorTasksCarryTheTenantOnlyWhenPropagated() throws Exception {
        Future<List<String>> propagated = Tenants.callAs(B, () -> executor.submit(
                Tenants.propagate((Callable<List<String>>) () -> tx.call(reads::projectNames))));
        expectEqual(List.of("S of B", "only B", "same name"), propagated.get(20, TimeUnit.SECONDS), "propagated task");

        Future<String> plain = Tenants.callAs(B, () -> executor.submit(() -> {
            try {
                return String.valueOf(tx.call(reads::projectNames));
            } catch (TenantNotResolvedException e) {
                return "refused";
            }
        }));
        expectEqual("refused", plain.get(20, TimeUnit.SECONDS), "task submitted without propagate");

        List<Future<Boolean>> leftovers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            leftovers.add(executor.submit(() -> Tenants.current().isPresent()));
        }
        for (Future<Boolean> f : leftovers) {
            expect(!f.get(20, TimeUnit.SECONDS), "a pooled executor thread still carried a tenant");
        }
    }

    @Check
    public void timersRunAsTheTenantTheyCarry() throws Exception {
        expectEqual("[S of A, only A, same name]",
                timers.schedule(A).get(20, TimeUnit.SECONDS), "timer carrying A");
        expectEqual("[S of B, only B, same name]", timers.schedule(B).get(20, TimeUnit.SECONDS), "timer carrying B");
        expectEqual("TenantNotResolvedException", timers.schedule(null).get(20, TimeUnit.SECONDS), "timer carrying no tenant");
    }

    private <T> T asB(Supplier<T> work) {
        return Tenants.callAs(B, () -> tx.call(work));
    }

    private static Set<String> names(List<MatrixProject> items) {
        return new TreeSet<>(items.stream().map(MatrixProject::getName).toList());
    }

    private static void expect(boolean condition, String leak) {
        if (!condition) {
            throw new AssertionError(leak);
        }
    }

    private static void expectEqual(Object expected, Object actual, String what) {
        if (!Objects.equals(expected, actual)) {
            throw new AssertionError(what + ": expected " + expected + " but was " + actual);
        }
    }

    private static void expectThrows(Class<? extends Throwable> type, Runnable work, String what) {
        try {
            work.run();
        } catch (Exception e) {   // also what a transaction manager throws undeclared (RollbackException)
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (type.isInstance(t)) {
                    return;
                }
            }
            throw new AssertionError(what + ": expected " + type.getSimpleName() + " but got " + e, e);
        }
        throw new AssertionError(what + ": expected " + type.getSimpleName() + " but nothing was thrown");
    }
}
