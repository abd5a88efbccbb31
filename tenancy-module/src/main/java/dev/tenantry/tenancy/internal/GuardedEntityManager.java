package dev.tenantry.tenancy.internal;

import dev.tenantry.tenancy.AccessDeniedException;
import dev.tenantry.tenancy.Role;
import dev.tenantry.tenancy.TenantId;
import dev.tenantry.tenancy.spi.BulkStatementListener;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import org.eclipse.persistence.jpa.JpaQuery;
import org.eclipse.persistence.queries.DatabaseQuery;
import org.eclipse.persistence.queries.DeleteAllQuery;
import org.eclipse.persistence.queries.ModifyAllQuery;

/**
 * A tenant EntityManager seen through Tenantry's guard. For a VIEWER, reads pass through while
 * {@code persist}, {@code merge}, {@code remove} and executing a bulk or native statement
 * ({@code executeUpdate}, a stored procedure's {@code execute}) throw {@link AccessDeniedException}
 * before anything reaches the database (entity changes flushed at commit are refused by
 * {@link TenantDescriptors}). For everyone, bulk JPQL statements are reported to the
 * {@link BulkStatementListener}s after they ran. Without either concern the EntityManager is
 * returned as it is.
 */
public final class GuardedEntityManager {

    private static final Set<String> ENTITY_WRITES = Set.of("persist", "merge", "remove");
    private static final Set<String> STATEMENT_WRITES = Set.of("executeUpdate", "execute");
    private static final List<BulkStatementListener> LISTENERS = ServiceLoader.load(BulkStatementListener.class,
            GuardedEntityManager.class.getClassLoader()).stream().map(ServiceLoader.Provider::get).toList();

    private static final Constructor<?> PROXY = proxyConstructor();

    private GuardedEntityManager() {
    }

    /**
     * @param em     a tenant EntityManager
     * @param tenant its tenant
     * @param viewer whether its caller may only read
     * @return the guarded view, or {@code em} itself when nothing needs guarding
     */
    public static EntityManager wrap(EntityManager em, TenantId tenant, boolean viewer) {
        if (!viewer && LISTENERS.isEmpty()) {
            return em;
        }
        Guard guard = new Guard(em, em, tenant, viewer, ENTITY_WRITES);
        if (PROXY != null) {
            try {
                return (EntityManager) PROXY.newInstance(guard);
            } catch (ReflectiveOperationException e) {
                // fall through to the general way
            }
        }
        return (EntityManager) Proxy.newProxyInstance(GuardedEntityManager.class.getClassLoader(),
                new Class<?>[] {EntityManager.class}, guard);
    }

    /** The proxy class's constructor, looked up once: one EntityManager is wrapped per unit of work. */
    private static Constructor<?> proxyConstructor() {
        try {
            return Proxy.newProxyInstance(GuardedEntityManager.class.getClassLoader(), new Class<?>[] {EntityManager.class},
                    (proxy, method, args) -> null).getClass().getConstructor(InvocationHandler.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private record Guard(Object target, EntityManager em, TenantId tenant, boolean viewer, Set<String> refused)
            implements InvocationHandler {

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            if (viewer && refused.contains(method.getName())) {
                throw new AccessDeniedException(method.getName(), Role.MEMBER, Role.VIEWER);
            }
            Object result;
            try {
                result = method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            if (target instanceof Query query && method.getName().equals("executeUpdate")) {
                reportBulk(query, (Integer) result);
            }
            if (result == target && !method.getName().equals("unwrap")) {
                return proxy;   // fluent query setters return the query itself: keep it guarded
            }
            if (result instanceof Query query) {
                return QUERY_PROXIES.get(query.getClass()).newInstance(new Guard(query, em, tenant, viewer, STATEMENT_WRITES));
            }
            return result;
        }

        private void reportBulk(Query query, int rows) {
            if (LISTENERS.isEmpty()) {
                return;
            }
            DatabaseQuery executed = query.unwrap(JpaQuery.class).getDatabaseQuery();
            if (executed instanceof ModifyAllQuery bulk && bulk.getReferenceClass() != null) {
                String jpql = bulk.getJPQLString();
                for (BulkStatementListener listener : LISTENERS) {
                    listener.executed(em, tenant, bulk.getReferenceClass(), jpql, bulk instanceof DeleteAllQuery, rows);
                }
            }
        }

        /** The guarded proxy class's constructor for each query class: made once, not per query. */
        private static final ClassValue<Constructor<?>> QUERY_PROXIES = new ClassValue<>() {
            @Override
            protected Constructor<?> computeValue(Class<?> type) {
                try {
                    return Proxy.newProxyInstance(type.getClassLoader(), interfacesOf(type), (proxy, method, args) -> null)
                            .getClass().getConstructor(InvocationHandler.class);
                } catch (NoSuchMethodException e) {
                    throw new IllegalStateException("Cannot guard queries of " + type.getName(), e);
                }
            }
        };

        private static Class<?>[] interfacesOf(Class<?> type) {
            Set<Class<?>> all = new LinkedHashSet<>();
            for (Class<?> c = type; c != null; c = c.getSuperclass()) {
                all.addAll(Set.of(c.getInterfaces()));
            }
            return all.stream().filter(i -> Modifier.isPublic(i.getModifiers())).toArray(Class<?>[]::new);
        }
    }
}
