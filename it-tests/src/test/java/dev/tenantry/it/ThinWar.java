package dev.tenantry.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantry.it.ear.EarNote;
import dev.tenantry.it.ear.web.EarApplication;
import dev.tenantry.it.thin.ThinSeed;
import dev.tenantry.it.thin.ThinUsers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.EmptyAsset;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * A WAR without Tenantry's jars, for Tenantry installed once on the server: the EAR test's entity,
 * unit, notes bean and REST resource, a seed of its own (which also creates an organization), a
 * {@code @TenantScoped} resource with a sign-in, its migration and configuration. Servers
 * scan no EJB annotations of classes outside the deployment: each server's test adds what starts
 * Tenantry.
 */
final class ThinWar {

    private ThinWar() {
    }

    /** @return the WAR, named {@code thin.war} */
    static WebArchive create() {
        return ShrinkWrap.create(WebArchive.class, "thin.war")
                .addPackage(EarNote.class.getPackage())
                .addPackage(EarApplication.class.getPackage())
                .addPackage(ThinSeed.class.getPackage())
                .addAsResource(new StringAsset(unitWithoutWeaving()), "META-INF/persistence.xml")
                .addAsResource(new StringAsset("tenantry.migration.locations=classpath:db/ear\n"
                        + "tenantry.migration.table=ear_schema_history\n"), "META-INF/microprofile-config.properties")
                .addAsResource("ear/db/V1__ear_notes.sql", "db/ear/V1__ear_notes.sql")
                .addAsWebInfResource(EmptyAsset.INSTANCE, "beans.xml");
    }

    /**
     * Checks the WAR's {@code @TenantScoped} resource: the server's JAX-RS runtime must have found
     * Tenantry's tenant filter, which resolves the {@code X-Tenant} header for members only.
     *
     * @param base the WAR's base URL, ending in "/"
     */
    static void assertTenantFilterRuns(String base) throws IOException, InterruptedException {
        HttpResponse<String> member = NoteRequests.tenantNotes(base, ThinUsers.OWNER, ThinSeed.ORGANIZATION);
        assertThat(member.statusCode()).as(member.body()).isEqualTo(200);
        assertThat(member.body()).isEqualTo(ThinSeed.ORGANIZATION_TEXT);
        HttpResponse<String> stranger = NoteRequests.tenantNotes(base, ThinUsers.STRANGER, ThinSeed.ORGANIZATION);
        assertThat(stranger.statusCode()).as("not a member").isEqualTo(404);
        assertThat(stranger.body()).doesNotContain(ThinSeed.ORGANIZATION_TEXT);
        assertThat(NoteRequests.tenantNotes(base, null, ThinSeed.ORGANIZATION).statusCode()).as("not signed in").isEqualTo(401);
        assertThat(NoteRequests.tenantNotes(base, ThinUsers.OWNER, null).statusCode()).as("no tenant named").isEqualTo(400);
    }

    /**
     * The EAR test's unit with {@code eclipselink.weaving=false}: Tenantry's mapped superclasses are
     * classes on the server (a WildFly module, Payara's class path), which EclipseLink cannot weave at
     * deployment.
     */
    private static String unitWithoutWeaving() {
        try (var in = ThinWar.class.getClassLoader().getResourceAsStream("ear/persistence.xml")) {
            String unit = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            String weaving = "<property name=\"eclipselink.weaving\" value=\"false\"/>\n      <property name=\"eclipselink.session-event-listener\"";
            String withoutWeaving = unit.replace("<property name=\"eclipselink.session-event-listener\"", weaving);
            if (withoutWeaving.equals(unit)) {
                throw new IllegalStateException("ear/persistence.xml changed: no place for the weaving property");
            }
            return withoutWeaving;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
