package dev.tenantry.it.thin;

import dev.tenantry.it.ear.EarNotes;
import dev.tenantry.persistence.spi.Seed;
import dev.tenantry.tenancy.Organization;
import dev.tenantry.tenancy.OrganizationNotFoundException;
import dev.tenantry.tenancy.OrganizationService;
import dev.tenantry.tenancy.TenantId;
import dev.tenantry.tenancy.Tenants;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.UUID;

/**
 * A seed of the thin WAR: Tenantry, installed on the server, must find and run it. It writes a note
 * for a fixed tenant, and creates an organization owned by {@link ThinUsers#OWNER} with a note of its
 * own (for the {@code @TenantScoped} resource).
 */
@ApplicationScoped
public class ThinSeed implements Seed {

    /** The tenant the seed writes for. */
    public static final TenantId TENANT = new TenantId(UUID.fromString("0191d6a0-0000-7000-8000-00000000c0de"));

    /** What it writes. */
    public static final String TEXT = "seeded by the thin WAR";

    /** The organization it creates, owned by {@link ThinUsers#OWNER}. */
    public static final String ORGANIZATION = "thin-org";

    /** What it writes for that organization. */
    public static final String ORGANIZATION_TEXT = "seeded for the thin organization";

    @Inject
    EntityManager em;

    @Inject
    EarNotes notes;

    @Override
    public String name() {
        return "thin-war-note";
    }

    @Override
    public void run() {
        Tenants.callAs(TENANT, () -> {
            if (!notes.texts().contains(TEXT)) {
                notes.add(TEXT);
            }
            return null;
        });
        OrganizationService organizations = new OrganizationService(em);
        Organization organization;
        try {
            organization = organizations.resolve(ORGANIZATION, ThinUsers.OWNER);
        } catch (OrganizationNotFoundException e) {
            organization = organizations.create("Thin", ORGANIZATION, ThinUsers.OWNER);
        }
        Tenants.callAs(organization.tenantId(), () -> {
            if (!notes.texts().contains(ORGANIZATION_TEXT)) {
                notes.add(ORGANIZATION_TEXT);
            }
            return null;
        });
    }
}
