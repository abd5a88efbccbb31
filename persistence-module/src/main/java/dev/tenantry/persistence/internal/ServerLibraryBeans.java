package dev.tenantry.persistence.internal;

import dev.tenantry.persistence.TenantryStartup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterTypeDiscovery;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessAnnotatedType;
import jakarta.enterprise.inject.spi.WithAnnotations;
import jakarta.interceptor.Interceptor;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Modifier;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Makes Tenantry's CDI beans known to a deployment that cannot discover them: when the Tenantry
 * jars are installed once on the server (Payara Micro's {@code --addlibs}, a Payara Server
 * {@code domain/lib}) rather than shipped in the WAR, the server scans only the deployment's own
 * archives, and a thin WAR fails with an unsatisfied {@code @ForTenant EntityManager}.
 *
 * <p>Registered in {@code META-INF/services}, so the server loads it from wherever the jar is, for
 * every deployment. It notes which of Tenantry's beans the server discovered (all of them when the
 * jars are in {@code WEB-INF/lib}, an EAR's {@code lib/} or a WildFly module imported with its
 * {@code META-INF}) and whether the deployment starts Tenantry by a subclass of
 * {@link TenantryStartup} (how a thin WAR on Payara does it). Only then, after type discovery, it adds
 * the others: the classes of the Tenantry jars its class loader sees that carry a bean-defining
 * annotation, as {@code bean-discovery-mode="annotated"} would find them. Deployments on the same
 * server that do not start Tenantry get nothing; nothing is added twice. Tenantry's JAX-RS
 * providers among the added beans are registered with Jersey by {@link JerseyProviders}.
 */
public class ServerLibraryBeans implements Extension {

    private static final System.Logger LOG = System.getLogger(ServerLibraryBeans.class.getName());

    /** The packages of Tenantry's jars, as jar entry prefixes. */
    private static final List<String> PACKAGES = List.of("dev/tenantry/persistence/", "dev/tenantry/tenancy/",
            "dev/tenantry/audit/", "dev/tenantry/crypto/");

    /** What makes a class a bean in an archive with {@code bean-discovery-mode="annotated"}, as Tenantry uses them. */
    private static final List<Class<? extends Annotation>> BEAN_DEFINING = List.of(ApplicationScoped.class,
            RequestScoped.class, Dependent.class, Interceptor.class);

    private final Set<String> discovered = ConcurrentHashMap.newKeySet();

    private volatile boolean startsTenantry;

    private volatile boolean added;

    private final List<Class<?>> providers = new CopyOnWriteArrayList<>();

    void discovered(@Observes @WithAnnotations({ApplicationScoped.class, RequestScoped.class, Dependent.class,
            Interceptor.class}) ProcessAnnotatedType<?> event) {
        discovered.add(event.getAnnotatedType().getJavaClass().getName());
    }

    void startup(@Observes ProcessAnnotatedType<? extends TenantryStartup> event) {
        startsTenantry |= event.getAnnotatedType().getJavaClass() != TenantryStartup.class;
    }

    void addUndiscovered(@Observes AfterTypeDiscovery event) {
        List<Class<?>> undiscovered = beanClasses(ServerLibraryBeans.class.getClassLoader(), discovered);
        if (undiscovered.isEmpty()) {
            return;
        }
        if (!startsTenantry) {
            LOG.log(System.Logger.Level.INFO, () -> "Tenantry's jars are on the server's class path, but this deployment does not start Tenantry:"
                    + " its beans are not added. To use Tenantry, add a subclass of " + TenantryStartup.class.getName()
                    + " annotated @Singleton @Startup @TransactionManagement(BEAN) (README: Installed once on Payara Micro)");
            return;
        }
        added = true;
        for (Class<?> bean : undiscovered) {
            event.addAnnotatedType(bean, ServerLibraryBeans.class.getName() + ":" + bean.getName());
            if (bean.isAnnotationPresent(Provider.class)) {
                providers.add(bean);
            }
        }
        LOG.log(System.Logger.Level.INFO, () -> "Tenantry's jars are not part of this deployment's bean archives (installed on the server);"
                + " added " + undiscovered.size() + " of their beans");
    }

    /** @return the JAX-RS providers among the beans this extension added to the deployment */
    public List<Class<?>> providers() {
        return List.copyOf(providers);
    }

    /** @return whether this extension added Tenantry's beans to the deployment */
    public boolean added() {
        return added;
    }

    /**
     * @param beans a BeanManager of the deployment
     * @return the deployment's instance of this extension, or empty when it is not part of the deployment
     */
    static Optional<ServerLibraryBeans> of(BeanManager beans) {
        try {
            return Optional.of(beans.getExtension(ServerLibraryBeans.class));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * @param loader     the class loader that loaded Tenantry
     * @param discovered names of the classes the server discovered as beans: a jar holding one of
     *                   them is a bean archive of the deployment and is skipped
     * @return the classes of the other Tenantry jars {@code loader} sees that carry a bean-defining
     *         annotation, each once
     */
    static List<Class<?>> beanClasses(ClassLoader loader, Set<String> discovered) {
        Set<String> names = new TreeSet<>();
        try {
            for (URL beansXml : Collections.list(loader.getResources("META-INF/beans.xml"))) {
                List<String> inJar = classNames(beansXml);
                if (Collections.disjoint(inJar, discovered)) {
                    names.addAll(inJar);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the bean archives of Tenantry's class loader", e);
        }
        List<Class<?>> beans = new ArrayList<>();
        for (String name : names) {
            Class<?> type;
            try {
                type = Class.forName(name, false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                continue;   // a class needing a jar that is not installed (an optional dependency)
            }
            if (!type.isInterface() && !Modifier.isAbstract(type.getModifiers())
                    && BEAN_DEFINING.stream().anyMatch(type::isAnnotationPresent)) {
                beans.add(type);
            }
        }
        return beans;
    }

    /** The class names under Tenantry's packages in the jar holding {@code beansXml}; none for other kinds of URL. */
    private static List<String> classNames(URL beansXml) throws IOException {
        List<String> names = new ArrayList<>();
        URLConnection connection = beansXml.openConnection();
        if (!(connection instanceof JarURLConnection jar)) {
            return names;   // a directory or a server's virtual file system: its classes are the deployment's
        }
        jar.setUseCaches(false);
        try (JarFile file = jar.getJarFile()) {
            for (JarEntry entry : Collections.list(file.entries())) {
                String path = entry.getName();
                if (path.endsWith(".class") && !path.contains("$") && PACKAGES.stream().anyMatch(path::startsWith)) {
                    names.add(path.substring(0, path.length() - ".class".length()).replace('/', '.'));
                }
            }
        }
        return names;
    }
}
