package dev.tenantry.testing.arquillian;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.EmptyAsset;
import org.jboss.shrinkwrap.api.importer.ExplodedImporter;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * ShrinkWrap archives for Arquillian deployments of an application built on Tenantry, in the
 * bundled shape (Tenantry's jars in {@code WEB-INF/lib}, as {@code mvn package} makes the WAR).
 *
 * <pre>{@code
 * @Deployment
 * static WebArchive deployment() {
 *     return TenantryArchives.war("shop.war")
 *             .addPackage(Order.class.getPackage())
 *             .addAsResource("META-INF/persistence.xml")
 *             .addAsResource("db/migration/V1__orders.sql");
 * }
 * }</pre>
 *
 * <p>The jars are taken from the test's own class path — Tenantry's modules the test depends on
 * (persistence and tenancy always; audit and crypto with Jasypt when present) and Flyway with its
 * PostgreSQL support — so the deployment holds the versions the tests compile against. A module
 * built in the same reactor (a class folder, not a jar) is packed into a jar. The server provides
 * the JDBC driver, EclipseLink (WildFly: as a module) and the data source {@code jdbc/tenantry}:
 * server-config's {@code payara/post-boot.asadmin} (or {@code PayaraMicroDataSource} for a test
 * database) and {@code wildfly/tenantry.cli} set a test server up as a production one.
 */
public final class TenantryArchives {

    /** What a Tenantry WAR ships, by a class of each jar; the optional ones only when present. */
    private static final Map<String, Boolean> LIBRARIES = libraries();

    private TenantryArchives() {
    }

    private static Map<String, Boolean> libraries() {
        Map<String, Boolean> classes = new LinkedHashMap<>();
        classes.put("dev.tenantry.persistence.BaseEntity", true);
        classes.put("dev.tenantry.tenancy.TenantEntity", true);
        classes.put("dev.tenantry.audit.Activity", false);
        classes.put("dev.tenantry.crypto.Encryption", false);
        classes.put("org.jasypt.encryption.StringEncryptor", false);
        classes.put("org.flywaydb.core.Flyway", true);
        classes.put("org.flywaydb.database.postgresql.PostgreSQLDatabaseType", true);
        classes.put("org.flywaydb.database.cockroachdb.CockroachDBDatabaseType", false);
        return classes;
    }

    /**
     * @param name the WAR's name, e.g. {@code shop.war} (its context root without {@code .war})
     * @return a WAR holding Tenantry's jars and an empty {@code beans.xml}, for the application's
     *         classes and resources to be added
     */
    public static WebArchive war(String name) {
        return ShrinkWrap.create(WebArchive.class, name)
                .addAsLibraries(libraries(TenantryArchives.class.getClassLoader()).toArray(new JavaArchive[0]))
                .addAsWebInfResource(EmptyAsset.INSTANCE, "beans.xml");
    }

    /**
     * @param loader where to look for the jars
     * @return Tenantry's jars and their dependencies, as a WAR ships them
     * @throws IllegalStateException when a required one is missing from the class path, naming it
     */
    public static List<JavaArchive> libraries(ClassLoader loader) {
        List<JavaArchive> jars = new ArrayList<>();
        for (Map.Entry<String, Boolean> library : LIBRARIES.entrySet()) {
            Path source = sourceOf(library.getKey(), loader);
            if (source == null) {
                if (library.getValue()) {
                    throw new IllegalStateException("The test class path has no " + library.getKey() + ": add the"
                            + " dependency that holds it (Tenantry's WAR needs it) to the test's build");
                }
                continue;
            }
            jars.add(archive(source));
        }
        return jars;
    }

    private static Path sourceOf(String className, ClassLoader loader) {
        try {
            CodeSource code = Class.forName(className, false, loader).getProtectionDomain().getCodeSource();
            return code == null ? null : Path.of(code.getLocation().toURI());
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        } catch (URISyntaxException e) {
            throw new IllegalStateException("Cannot locate the jar of " + className, e);
        }
    }

    private static JavaArchive archive(Path source) {
        if (Files.isDirectory(source)) {
            // a module of the same build, not yet a jar: its classes folder, named after its module folder
            Path module = source.getParent() == null || source.getParent().getParent() == null ? source
                    : source.getParent().getParent();
            return ShrinkWrap.create(ExplodedImporter.class, module.getFileName() + ".jar")
                    .importDirectory(source.toFile()).as(JavaArchive.class);
        }
        File jar = source.toFile();
        return ShrinkWrap.createFromZipFile(JavaArchive.class, jar);
    }
}
