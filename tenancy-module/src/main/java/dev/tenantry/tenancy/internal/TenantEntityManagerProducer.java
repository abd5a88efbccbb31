package dev.tenantry.tenancy.internal;

import dev.tenantry.persistence.BaseEntity;
import dev.tenantry.persistence.TenantryException;
import dev.tenantry.persistence.internal.ModuleBeans;
import dev.tenantry.persistence.internal.RepositoryProducer;
import dev.tenantry.persistence.repository.Repository;
import dev.tenantry.tenancy.CurrentTenant;
import dev.tenantry.tenancy.ForTenant;
import dev.tenantry.tenancy.Role;
import dev.tenantry.tenancy.TenantContext;
import dev.tenantry.tenancy.TenantEntityManagers;
import dev.tenantry.tenancy.TenantId;
import dev.tenantry.tenancy.TenantNotResolvedException;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.ContextNotActiveException;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.spi.InjectionPoint;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.TransactionRequiredException;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Set;

/** Produces the {@link ForTenant} EntityManager and repositories (see there for the behaviour). */
@ApplicationScoped
public class TenantEntityManagerProducer {

    private static final Set<String> NEED_TRANSACTION = Set.of("persist", "merge", "remove", "flush", "refresh", "lock");

    @Inject
    CurrentTenant current;

    @Inject
    Instance<EntityManagerFactory> factories;

    @Inject
    Instance<EntityManager> entityManagers;

    @Inject
    RequestEntityManagers perRequest;

    @Resource(lookup = "java:comp/TransactionSynchronizationRegistry")
    TransactionSynchronizationRegistry transactions;

    private volatile EntityManagerFactory emf;

    @Produces
    @ForTenant
    @Dependent
    EntityManager entityManager() {
        return (EntityManager) Proxy.newProxyInstance(TenantEntityManagerProducer.class.getClassLoader(),
                new Class<?>[] {EntityManager.class}, new PerCallTenant());
    }

    @Produces
    @ForTenant
    @Dependent
    <T extends BaseEntity> Repository<T> repository(InjectionPoint injectionPoint) {
        return new Repository<>(RepositoryProducer.entityType(injectionPoint.getType()), entityManager());
    }

    /** Which EntityManager serves one tenant and role in one transaction or request. */
    record Key(EntityManagerFactory emf, TenantId tenant, Role role) {
    }

    private EntityManager delegate(String operation) {
        TenantContext context = current.context().orElseThrow(
                () -> new TenantNotResolvedException("using the @ForTenant EntityManager (" + operation + ")"));
        TenantId tenant = context.tenant();
        Key key = new Key(factory(), tenant, context.role());
        if (transactions.getTransactionKey() != null) {
            EntityManager em = (EntityManager) transactions.getResource(key);
            if (em == null) {
                EntityManager opened = TenantEntityManagers.open(key.emf(), tenant, key.role());
                opened.joinTransaction();
                transactions.putResource(key, opened);
                transactions.registerInterposedSynchronization(new Synchronization() {
                    @Override
                    public void beforeCompletion() {
                    }

                    @Override
                    public void afterCompletion(int status) {
                        opened.close();
                    }
                });
                em = opened;
            }
            return em;
        }
        if (NEED_TRANSACTION.contains(operation)) {
            throw new TransactionRequiredException(operation + " through the @ForTenant EntityManager needs an active"
                    + " JTA transaction: annotate the calling method @Transactional");
        }
        try {
            return perRequest.get(key, () -> TenantEntityManagers.open(key.emf(), tenant, key.role()));
        } catch (ContextNotActiveException e) {
            throw new TransactionRequiredException("The @ForTenant EntityManager needs an active JTA transaction or"
                    + " request; this work (" + operation + ") has neither: annotate it @Transactional");
        }
    }

    private EntityManagerFactory factory() {
        EntityManagerFactory f = emf;
        if (f == null) {
            Instance<EntityManagerFactory> unitFactories = ModuleBeans.orModules(factories, EntityManagerFactory.class);
            Instance<EntityManager> unitEntityManagers = ModuleBeans.orModules(entityManagers, EntityManager.class);
            if (unitFactories.isResolvable()) {
                f = unitFactories.get();
            } else if (unitEntityManagers.isResolvable()) {
                f = unitEntityManagers.get().getEntityManagerFactory();
            } else {
                throw new TenantryException("The @ForTenant EntityManager needs the application's persistence unit:"
                        + " add '@Produces @PersistenceContext EntityManager em;' (or '@Produces @PersistenceUnit"
                        + " EntityManagerFactory emf;') to an @ApplicationScoped class");
            }
            emf = f;
        }
        return f;
    }

    private final class PerCallTenant implements InvocationHandler {

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            if (method.getDeclaringClass() == Object.class) {
                return ProxyIdentity.answer(proxy, method, args, "@ForTenant EntityManager (current tenant: "
                        + current.get().map(Object::toString).orElse("none") + ")");
            }
            switch (method.getName()) {
                case "isOpen":
                    return true;
                case "close":
                    throw new IllegalStateException("The @ForTenant EntityManager is managed by Tenantry: do not close it");
                case "getTransaction":
                    throw new IllegalStateException("The @ForTenant EntityManager takes part in JTA transactions:"
                            + " use @Transactional instead of getTransaction()");
                case "getEntityManagerFactory":
                    return factory();
                default:
                    try {
                        return method.invoke(delegate(method.getName()), args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
            }
        }
    }
}
