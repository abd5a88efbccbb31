package dev.tenantry.tenancy.internal;

import dev.tenantry.persistence.internal.MaintenanceSchedule;
import dev.tenantry.persistence.internal.ModuleBeans;
import dev.tenantry.persistence.internal.SeedTransactions;
import dev.tenantry.persistence.internal.TransactionConnections;
import dev.tenantry.persistence.jobs.JobRuns;
import dev.tenantry.persistence.jobs.RunningJob;
import dev.tenantry.persistence.softdelete.SoftDeletableEntity;
import dev.tenantry.persistence.softdelete.SoftDeletes;
import dev.tenantry.persistence.spi.MaintenanceJob;
import dev.tenantry.tenancy.TenantEntityManagers;
import dev.tenantry.tenancy.TenantId;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceException;
import jakarta.persistence.metamodel.EntityType;
import java.lang.reflect.Modifier;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.eclipse.persistence.jpa.JpaHelper;

/**
 * The scheduled soft-delete purge ({@value JobRuns#SOFT_DELETE_PURGE}): for every soft-deletable
 * entity of the application's unit, removes rows deleted longer ago than
 * {@code tenantry.soft-delete.retention} — tenant entities organization by organization (every row
 * of {@code organizations}, deleted ones too), each in a transaction of its own bound to that tenant
 * as the application's writes are (so row-level security applies, and the audit trail records each
 * purge); other soft-deletable entities once.
 */
@ApplicationScoped
public class SoftDeletePurgeJob implements MaintenanceJob {

    @Inject
    Instance<EntityManagerFactory> factories;

    @Inject
    Instance<EntityManager> entityManagers;

    @Inject
    SeedTransactions transactions;

    @Override
    public String name() {
        return JobRuns.SOFT_DELETE_PURGE;
    }

    @Override
    public void run(RunningJob run) {
        EntityManagerFactory emf = factory();
        purge(emf, SoftDeletes.configuredRetention(), MaintenanceSchedule.batchSize(), run, (tenant, work) ->
                transactions.inNewTransaction(() -> {
                    EntityManager em = tenant == null ? emf.createEntityManager() : TenantEntityManagers.open(emf, tenant);
                    try {
                        em.joinTransaction();   // an application-managed JTA EntityManager joins when told
                        work.accept(em);
                    } finally {
                        em.close();
                    }
                }));
    }

    /**
     * The purge itself, for any transaction handling.
     *
     * @param emf           the application's unit
     * @param retention     how long deleted rows are kept
     * @param batchSize     rows per DELETE
     * @param run           the recorded run; rows removed are added to it
     * @param inTransaction runs its work with an EntityManager for the tenant (or none: {@code null})
     *                      in a new transaction, committed when the work returns
     * @return rows removed
     */
    public static long purge(EntityManagerFactory emf, Duration retention, int batchSize, RunningJob run,
                             BiConsumer<TenantId, Consumer<EntityManager>> inTransaction) {
        List<Class<? extends SoftDeletableEntity>> tenantTypes = new ArrayList<>();
        List<Class<? extends SoftDeletableEntity>> otherTypes = new ArrayList<>();
        var session = JpaHelper.getServerSession(emf);
        for (Class<? extends SoftDeletableEntity> type : softDeletable(emf)) {
            // tenant entities (TenantEntity, SoftDeletableTenantEntity, ...) carry EclipseLink's multitenant policy
            (session.getDescriptor(type).hasMultitenantPolicy() ? tenantTypes : otherTypes).add(type);
        }
        long[] removed = {0};
        if (!otherTypes.isEmpty()) {
            inTransaction.accept(null, em -> otherTypes.forEach(type -> removed[0] += SoftDeletes.purge(em, type, retention, batchSize)));
            run.progress(removed[0]);
        }
        if (tenantTypes.isEmpty()) {
            return removed[0];
        }
        List<UUID> tenants = new ArrayList<>();
        inTransaction.accept(null, em -> tenants.addAll(organizations(em)));
        for (UUID tenant : tenants) {
            inTransaction.accept(new TenantId(tenant), em ->
                    tenantTypes.forEach(type -> removed[0] += SoftDeletes.purge(em, type, retention, batchSize)));
            run.progress(removed[0]);
        }
        return removed[0];
    }

    /** The unit's concrete soft-deletable entities, by name (a stable order). */
    @SuppressWarnings("unchecked")
    static List<Class<? extends SoftDeletableEntity>> softDeletable(EntityManagerFactory emf) {
        List<Class<? extends SoftDeletableEntity>> types = new ArrayList<>();
        for (EntityType<?> entity : emf.getMetamodel().getEntities()) {
            Class<?> type = entity.getJavaType();
            if (type != null && SoftDeletableEntity.class.isAssignableFrom(type) && !Modifier.isAbstract(type.getModifiers())) {
                types.add((Class<? extends SoftDeletableEntity>) type);
            }
        }
        types.sort(Comparator.comparing(Class::getName));
        return types;
    }

    private static List<UUID> organizations(EntityManager em) {
        try {
            return OrganizationIds.all(TransactionConnections.of(em));
        } catch (SQLException e) {
            throw new PersistenceException("Listing the organizations to purge failed (SQLState " + e.getSQLState() + ")", e);
        }
    }

    private EntityManagerFactory factory() {
        Instance<EntityManagerFactory> unitFactories = ModuleBeans.orModules(factories, EntityManagerFactory.class);
        if (unitFactories.isResolvable()) {
            return unitFactories.get();
        }
        return ModuleBeans.orModules(entityManagers, EntityManager.class).get().getEntityManagerFactory();
    }
}
