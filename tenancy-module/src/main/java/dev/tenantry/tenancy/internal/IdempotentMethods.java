package dev.tenantry.tenancy.internal;

import dev.tenantry.tenancy.Idempotent;
import jakarta.ejb.Singleton;
import jakarta.ejb.Stateful;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.enterprise.inject.spi.DefinitionException;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessAnnotatedType;
import jakarta.enterprise.inject.spi.WithAnnotations;
import jakarta.interceptor.Interceptor;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.HttpMethod;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Fails the deployment when {@link Idempotent} covers an unsafe resource method (POST, PUT, PATCH,
 * DELETE, or any other HTTP method but GET, HEAD, OPTIONS) that does not run in a transaction: the
 * interceptor stores a request's answer in the request's transaction, so such a method could only
 * refuse every request that carries an {@code Idempotency-Key}, as a server error, at run time. A
 * method runs in a transaction when it or its class says {@code @Transactional} (REQUIRED,
 * REQUIRES_NEW or MANDATORY) or it is a business method of a session bean with container-managed
 * transactions of those kinds. Registered in {@code META-INF/services}.
 */
public class IdempotentMethods implements Extension {

    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

    private final List<String> problems = new CopyOnWriteArrayList<>();

    void check(@Observes @WithAnnotations(Idempotent.class) ProcessAnnotatedType<?> event) {
        problems.addAll(outsideTransactions(event.getAnnotatedType().getJavaClass()));
    }

    void fail(@Observes AfterBeanDiscovery event) {
        if (!problems.isEmpty()) {
            event.addDefinitionError(new DefinitionException("@Idempotent covers " + String.join(", ", problems)
                    + ", which do" + (problems.size() == 1 ? "es" : "") + " not run in a transaction: a request with an"
                    + " Idempotency-Key could not store its answer with its work. Annotate each @Transactional, or, where"
                    + " one cannot run in one transaction, put @Idempotent on the class's transactional methods instead"
                    + " of the class."));
        }
    }

    /**
     * @param type a class that {@link Idempotent} appears on or in
     * @return the unsafe resource methods it covers that run outside a transaction, as
     *         {@code Class.method (VERB)}; empty for interceptors, abstract classes and interfaces
     */
    static List<String> outsideTransactions(Class<?> type) {
        List<String> found = new ArrayList<>();
        if (type.isInterface() || Modifier.isAbstract(type.getModifiers()) || type.isAnnotationPresent(Interceptor.class)) {
            return found;
        }
        boolean all = type.isAnnotationPresent(Idempotent.class);
        for (Method m : type.getMethods()) {
            if (m.isBridge() || m.isSynthetic() || Modifier.isStatic(m.getModifiers()) || m.getDeclaringClass() == Object.class
                    || !(all || m.isAnnotationPresent(Idempotent.class))) {
                continue;
            }
            String verb = httpMethod(type, m);
            if (verb != null && !SAFE.contains(verb) && !transactional(type, m)) {
                found.add(type.getSimpleName() + "." + m.getName() + " (" + verb + ")");
            }
        }
        found.sort(null);
        return found;
    }

    /** The HTTP method of a resource method, declared on it or, as JAX-RS inherits them, on what it overrides. */
    private static String httpMethod(Class<?> type, Method m) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            String verb = httpMethodOf(c, m);
            if (verb != null) {
                return verb;
            }
            for (Class<?> i : c.getInterfaces()) {
                verb = httpMethodOf(i, m);
                if (verb != null) {
                    return verb;
                }
            }
        }
        return null;
    }

    private static String httpMethodOf(Class<?> c, Method m) {
        try {
            for (Annotation a : c.getDeclaredMethod(m.getName(), m.getParameterTypes()).getAnnotations()) {
                HttpMethod verb = a.annotationType().getAnnotation(HttpMethod.class);
                if (verb != null) {
                    return verb.value();
                }
            }
        } catch (NoSuchMethodException e) {
            // not declared here
        }
        return null;
    }

    private static boolean transactional(Class<?> type, Method m) {
        Transactional tx = m.isAnnotationPresent(Transactional.class) ? m.getAnnotation(Transactional.class)
                : type.getAnnotation(Transactional.class);
        if (tx != null) {
            return tx.value() == Transactional.TxType.REQUIRED || tx.value() == Transactional.TxType.REQUIRES_NEW
                    || tx.value() == Transactional.TxType.MANDATORY;
        }
        boolean sessionBean = type.isAnnotationPresent(Stateless.class) || type.isAnnotationPresent(Singleton.class)
                || type.isAnnotationPresent(Stateful.class);
        TransactionManagement management = type.getAnnotation(TransactionManagement.class);
        if (!sessionBean || management != null && management.value() == TransactionManagementType.BEAN) {
            return false;
        }
        TransactionAttribute attribute = m.isAnnotationPresent(TransactionAttribute.class)
                ? m.getAnnotation(TransactionAttribute.class) : type.getAnnotation(TransactionAttribute.class);
        TransactionAttributeType kind = attribute == null ? TransactionAttributeType.REQUIRED : attribute.value();
        return kind == TransactionAttributeType.REQUIRED || kind == TransactionAttributeType.REQUIRES_NEW
                || kind == TransactionAttributeType.MANDATORY;
    }
}
