package dev.tenantry.it.thin;

import dev.tenantry.it.ear.EarNotes;
import dev.tenantry.persistence.spi.Seed;
import dev.tenantry.tenancy.TenantId;
import dev.tenantry.tenancy.Tenants;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.UUID;

/** A seed of the thin WAR: Tenantry, installed as a server module, must find and run it. */
@ApplicationScoped
public class ThinSeed implements Seed {

    /** The tenant the seed writes for. */
    public static final TenantId TENANT = new TenantId(UUID.fromString("0191d6a0-0000-7000-8000-00000000c0de"));

    /** What it writes. */
    public static final String TEXT = "seeded by the thin WAR";

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
    }
}
