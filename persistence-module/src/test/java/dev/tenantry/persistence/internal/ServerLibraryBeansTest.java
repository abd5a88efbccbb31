package dev.tenantry.persistence.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantry.persistence.TenantryStartup;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which classes {@link ServerLibraryBeans} would add: the bean classes of a Tenantry jar (a jar with
 * {@code META-INF/beans.xml} and classes under Tenantry's packages), not its EJBs or plain classes,
 * and nothing from a jar the server already discovered. The jar is made from this module's classes;
 * adding them to a deployment is tested in a real server ({@code PayaraServerLibraryIT}).
 */
class ServerLibraryBeansTest {

    @TempDir
    Path dir;

    @Test
    void findsTheBeanClassesOfATenantryJarAndNothingElse() throws IOException {
        try (URLClassLoader loader = loaderOf(jar(TenantryRuntime.class, RepositoryProducer.class, TenantryStartup.class,
                ModuleBeans.class))) {
            List<Class<?>> beans = ServerLibraryBeans.beanClasses(loader, Set.of());
            assertThat(beans).containsExactlyInAnyOrder(TenantryRuntime.class, RepositoryProducer.class);
        }
    }

    @Test
    void skipsAJarThatHoldsABeanTheServerDiscovered() throws IOException {
        try (URLClassLoader loader = loaderOf(jar(TenantryRuntime.class, RepositoryProducer.class))) {
            assertThat(ServerLibraryBeans.beanClasses(loader, Set.of(RepositoryProducer.class.getName()))).isEmpty();
        }
    }

    @Test
    void ignoresJarsWithoutTenantryClasses() throws IOException {
        Path jar = dir.resolve("other.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry("META-INF/beans.xml"));
            out.putNextEntry(new JarEntry("com/example/Thing.class"));
        }
        try (URLClassLoader loader = loaderOf(jar)) {
            assertThat(ServerLibraryBeans.beanClasses(loader, Set.of())).isEmpty();
        }
    }

    /** A jar with {@code META-INF/beans.xml} and the given classes' class files. */
    private Path jar(Class<?>... classes) throws IOException {
        Path jar = dir.resolve("tenantry-test.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry("META-INF/beans.xml"));
            for (Class<?> type : classes) {
                String path = type.getName().replace('.', '/') + ".class";
                out.putNextEntry(new JarEntry(path));
                try (InputStream in = type.getClassLoader().getResourceAsStream(path)) {
                    in.transferTo(out);
                }
            }
        }
        return jar;
    }

    /** Sees only the jar's resources (no parent's beans.xml); classes still load from the test's class path. */
    private static URLClassLoader loaderOf(Path jar) throws IOException {
        ClassLoader classes = ServerLibraryBeansTest.class.getClassLoader();
        return new URLClassLoader(new URL[] {jar.toUri().toURL()}, null) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                return classes.loadClass(name);
            }
        };
    }
}
