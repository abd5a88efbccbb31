package dev.tenantry.tenancy.internal;

import dev.tenantry.tenancy.AccessDeniedException;
import dev.tenantry.tenancy.Role;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * An EntityManager for a VIEWER: reads pass through; {@code persist}, {@code merge}, {@code remove}
 * and executing a bulk or native statement ({@code executeUpdate}, a stored procedure's
 * {@code execute}) throw {@link AccessDeniedException} before anything reaches the database. Entity
 * changes flushed at commit are refused by {@link TenantDescriptors} as well.
 */
public final class ReadOnlyEntityManager {

    private static final Set<String> ENTITY_WRITES = Set.of("persist", "merge", "remove");
    private static final Set<String> STATEMENT_WRITES = Set.of("executeUpdate", "execute");

    private ReadOnlyEntityManager() {
    }

    /**
     * @param em the EntityManager to guard
     * @return a view of it that refuses writes
     */
    public static EntityManager wrap(EntityManager em) {
        return (EntityManager) Proxy.newProxyInstance(ReadOnlyEntityManager.class.getClassLoader(),
                new Class<?>[] {EntityManager.class}, new Guard(em, ENTITY_WRITES));
    }

    private record Guard(Object target, Set<String> refused) implements InvocationHandler {

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            if (refused.contains(method.getName())) {
                throw new AccessDeniedException(method.getName(), Role.MEMBER, Role.VIEWER);
            }
            Object result;
            try {
                result = method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            if (result == target && !method.getName().equals("unwrap")) {
                return proxy;   // fluent query setters return the query itself: keep it guarded
            }
            if (result instanceof Query query) {
                return Proxy.newProxyInstance(query.getClass().getClassLoader(), interfacesOf(query.getClass()),
                        new Guard(query, STATEMENT_WRITES));
            }
            return result;
        }

        private static Class<?>[] interfacesOf(Class<?> type) {
            Set<Class<?>> all = new LinkedHashSet<>();
            for (Class<?> c = type; c != null; c = c.getSuperclass()) {
                all.addAll(Set.of(c.getInterfaces()));
            }
            return all.stream().filter(i -> java.lang.reflect.Modifier.isPublic(i.getModifiers())).toArray(Class<?>[]::new);
        }
    }
}
