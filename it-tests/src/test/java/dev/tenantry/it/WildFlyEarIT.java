package dev.tenantry.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantry.it.ear.EarNote;
import dev.tenantry.it.ear.web.EarApplication;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.ClassLoaderAsset;
import org.jboss.shrinkwrap.api.asset.EmptyAsset;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Tenantry in an EAR's {@code lib/}, shared by two web modules, on WildFly: the Tenantry jars and
 * their dependencies, and a domain jar (entity, persistence unit, EntityManager bean, migrations,
 * configuration), all in {@code lib/}; server-config's {@code ear/ejb-jar.xml} as the EJB module that
 * starts Tenantry; two WARs with only their REST resources. What one web module writes for a tenant
 * the other reads for that tenant, and for no other; native SQL sees only the tenant's rows.
 * (Payara Micro deploys no EARs; run only in the build's WildFly pass.)
 */
@ExtendWith(ArquillianExtension.class)
class WildFlyEarIT {

    private static final String BASE = "http://127.0.0.1:" + (8080 + ServerSupport.WILDFLY_PORT_OFFSET) + "/";

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        JavaArchive domain = ShrinkWrap.create(JavaArchive.class, "ear-domain.jar")
                .addPackage(EarNote.class.getPackage())
                .addAsManifestResource("ear/persistence.xml", "persistence.xml")
                .addAsManifestResource(new StringAsset("tenantry.migration.locations=classpath:db/ear\n"
                        + "tenantry.migration.table=ear_schema_history\n"), "microprofile-config.properties")
                .addAsManifestResource(EmptyAsset.INSTANCE, "beans.xml")
                .addAsResource("ear/db/V1__ear_notes.sql", "db/ear/V1__ear_notes.sql");
        JavaArchive startup = ShrinkWrap.create(JavaArchive.class, "tenantry-startup.jar")
                .addAsManifestResource(new ClassLoaderAsset("ear/ejb-jar.xml"), "ejb-jar.xml")
                .addAsManifestResource(EmptyAsset.INSTANCE, "beans.xml");
        EnterpriseArchive ear = ShrinkWrap.create(EnterpriseArchive.class, "tenantry-ear.ear")
                .setApplicationXML(new StringAsset(applicationXml()))
                .addAsModule(startup)
                .addAsModule(web("ear-one.war"))
                .addAsModule(web("ear-two.war"))
                .addAsLibrary(domain);
        // the Tenantry jars and their dependencies exactly as the example application ships them
        ServerSupport.exampleWar().getContent(path -> path.get().startsWith("/WEB-INF/lib/")
                        && !path.get().contains("tenantry-crypto"))
                .forEach((path, node) -> ear.add(node.getAsset(), "lib/" + path.get().substring("/WEB-INF/lib/".length())));
        return ear;
    }

    private static WebArchive web(String name) {
        return ShrinkWrap.create(WebArchive.class, name).addPackage(EarApplication.class.getPackage())
                .addAsWebInfResource(EmptyAsset.INSTANCE, "beans.xml");
    }

    /** The start-up EJB module first, and initialized before the web modules serve. */
    private static String applicationXml() {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <application xmlns="https://jakarta.ee/xml/ns/jakartaee" version="10">
                  <initialize-in-order>true</initialize-in-order>
                  <module><ejb>tenantry-startup.jar</ejb></module>
                  <module><web><web-uri>ear-one.war</web-uri><context-root>ear-one</context-root></web></module>
                  <module><web><web-uri>ear-two.war</web-uri><context-root>ear-two</context-root></web></module>
                </application>
                """;
    }

    @Test
    void twoWebModulesShareTenantryAndTheTenantsRows() throws Exception {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        assertThat(NoteRequests.add(BASE + "ear-one/", a, "written by one for A")).isEqualTo("added");
        assertThat(NoteRequests.add(BASE + "ear-two/", b, "written by two for B")).isEqualTo("added");

        assertThat(NoteRequests.list(BASE + "ear-two/", a, false)).isEqualTo("written by one for A");
        assertThat(NoteRequests.list(BASE + "ear-one/", b, false)).isEqualTo("written by two for B");
        assertThat(NoteRequests.list(BASE + "ear-one/", UUID.randomUUID(), false)).as("a tenant without notes").isEmpty();
        // native SQL has no tenant filter of its own: row-level security keeps it to the tenant
        assertThat(NoteRequests.list(BASE + "ear-one/", a, true)).isEqualTo("written by one for A");
        assertThat(NoteRequests.list(BASE + "ear-two/", b, true)).isEqualTo("written by two for B");
    }

}
