package dev.tenantry.tenancy.internal;

import java.lang.reflect.Method;

/**
 * What Tenantry's dynamic proxies answer to the methods of {@code Object} ({@code equals},
 * {@code hashCode}, {@code toString}): identity, and a description. Callers test
 * {@code method.getDeclaringClass() == Object.class} first, a pointer comparison on their hot path.
 */
final class ProxyIdentity {

    private ProxyIdentity() {
    }

    /**
     * @param proxy       the proxy
     * @param method      a method declared by {@code Object}
     * @param args        its arguments
     * @param description the proxy's {@code toString}
     * @return its answer
     */
    static Object answer(Object proxy, Method method, Object[] args, String description) {
        return switch (method.getName()) {
            case "equals" -> proxy == args[0];
            case "hashCode" -> System.identityHashCode(proxy);
            case "toString" -> description;
            default -> throw new UnsupportedOperationException(method.getName() + " of a Tenantry proxy");
        };
    }
}
