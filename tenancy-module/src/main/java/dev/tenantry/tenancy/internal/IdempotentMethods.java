package dev.tenantry.tenancy.internal;

import dev.tenantry.tenancy.Idempotent;
import jakarta.ejb.Singleton;
import jakarta.ejb.Stateful;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Stereotype;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.enterprise.inject.spi.AnnotatedMethod;
import jakarta.enterprise.inject.spi.AnnotatedType;
import jakarta.enterprise.inject.spi.DefinitionException;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessAnnotatedType;
import jakarta.enterprise.inject.spi.WithAnnotations;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InterceptorBinding;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.HttpMethod;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * Fails the deployment when {@link Idempotent} covers an unsafe resource method (POST, PUT, PATCH,
 * DELETE: those {@link IdempotencyFilter} passes a key on for) that does not run in a transaction: the
 * interceptor stores a request's answer in the request's transaction, so such a method could only
 * refuse every request that carries an {@code Idempotency-Key}, as a server error, at run time. A
 * method runs in a transaction when it or its class says {@code @Transactional} (REQUIRED,
 * REQUIRES_NEW or MANDATORY; directly, through a stereotype or another interceptor binding, or as
 * another extension added it) or it is a business method of a session bean with container-managed
 * transactions of those kinds. Registered in {@code META-INF/services}; it looks at each type after
 * the application's own extensions (a late observer), as the container will see it.
 */
public class IdempotentMethods implements Extension {

    /** How a covered method outside a transaction is put right; the interceptor's run-time refusal says the same. */
    static final String WAYS_OUT = "annotate it @Transactional, or, where it cannot run in one transaction, put"
            + " @Idempotent on the class's transactional methods instead of the class";

    private final List<String> problems = new CopyOnWriteArrayList<>();

    void check(@Observes @Priority(Interceptor.Priority.LIBRARY_AFTER + 1000) @WithAnnotations(Idempotent.class)
               ProcessAnnotatedType<?> event) {
        AnnotatedType<?> type = event.getAnnotatedType();
        Map<Method, Set<Annotation>> methods = new HashMap<>();
        for (AnnotatedMethod<?> m : type.getMethods()) {
            methods.put(m.getJavaMember(), m.getAnnotations());
        }
        problems.addAll(outsideTransactions(type.getJavaClass(), type.getAnnotations(),
                m -> methods.getOrDefault(m, Set.of(m.getAnnotations()))));
    }

    void fail(@Observes AfterBeanDiscovery event) {
        if (!problems.isEmpty()) {
            event.addDefinitionError(new DefinitionException("@Idempotent covers " + String.join(", ", problems)
                    + ", which do" + (problems.size() == 1 ? "es" : "") + " not run in a transaction: a request with an"
                    + " Idempotency-Key could not store its answer with its work. For each, " + WAYS_OUT + "."));
        }
    }

    /**
     * @param type a class that {@link Idempotent} appears on or in, with its annotations as Java sees them
     * @return the unsafe resource methods it covers that run outside a transaction, as
     *         {@code Class.method (VERB)}; empty for interceptors, abstract classes and interfaces
     */
    static List<String> outsideTransactions(Class<?> type) {
        return outsideTransactions(type, Set.of(type.getAnnotations()), m -> Set.of(m.getAnnotations()));
    }

    /**
     * @param type        a class that {@link Idempotent} appears on or in
     * @param onType      its annotations (as the container sees them)
     * @param onMethod    the annotations of each of its methods (likewise)
     * @return the unsafe resource methods it covers that run outside a transaction
     */
    static List<String> outsideTransactions(Class<?> type, Set<Annotation> onType,
                                            Function<Method, Set<Annotation>> onMethod) {
        List<String> found = new ArrayList<>();
        if (type.isInterface() || Modifier.isAbstract(type.getModifiers()) || find(Interceptor.class, onType) != null) {
            return found;
        }
        boolean all = find(Idempotent.class, onType) != null;
        for (Method m : type.getMethods()) {
            if (m.isBridge() || m.isSynthetic() || Modifier.isStatic(m.getModifiers()) || m.getDeclaringClass() == Object.class) {
                continue;
            }
            Set<Annotation> annotations = onMethod.apply(m);
            if (!all && find(Idempotent.class, annotations) == null) {
                continue;
            }
            String verb = httpMethod(type, m);
            if (verb != null && IdempotencyFilter.UNSAFE.contains(verb) && !transactional(type, onType, annotations)) {
                found.add(type.getSimpleName() + "." + m.getName() + " (" + verb + ")");
            }
        }
        found.sort(null);
        return found;
    }

    /**
     * @return the annotation of that type among {@code annotations}, or carried by one of them that is a
     *         stereotype or an interceptor binding (at any depth); {@code null} when there is none
     */
    static <A extends Annotation> A find(Class<A> wanted, Collection<? extends Annotation> annotations) {
        return find(wanted, annotations, new HashSet<>());
    }

    private static <A extends Annotation> A find(Class<A> wanted, Collection<? extends Annotation> annotations,
                                                 Set<Class<?>> seen) {
        for (Annotation a : annotations) {
            if (wanted.isInstance(a)) {
                return wanted.cast(a);
            }
        }
        for (Annotation a : annotations) {
            Class<? extends Annotation> kind = a.annotationType();
            if ((kind.isAnnotationPresent(Stereotype.class) || kind.isAnnotationPresent(InterceptorBinding.class))
                    && seen.add(kind)) {
                A carried = find(wanted, List.of(kind.getAnnotations()), seen);
                if (carried != null) {
                    return carried;
                }
            }
        }
        return null;
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

    private static boolean transactional(Class<?> type, Set<Annotation> onType, Set<Annotation> onMethod) {
        Transactional tx = find(Transactional.class, onMethod);
        if (tx == null) {
            tx = find(Transactional.class, onType);
        }
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
        TransactionAttribute attribute = find(TransactionAttribute.class, onMethod);
        if (attribute == null) {
            attribute = type.getAnnotation(TransactionAttribute.class);
        }
        TransactionAttributeType kind = attribute == null ? TransactionAttributeType.REQUIRED : attribute.value();
        return kind == TransactionAttributeType.REQUIRED || kind == TransactionAttributeType.REQUIRES_NEW
                || kind == TransactionAttributeType.MANDATORY;
    }
}
