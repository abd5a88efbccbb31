package dev.tenantry.example;

import dev.tenantry.persistence.spi.Seed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

/** Two welcome articles in demo mode; written once, whatever the number of restarts. */
@ApplicationScoped
public class DemoArticles implements Seed {

    @Inject
    EntityManager em;

    @Override
    public String name() {
        return "example-demo-articles";
    }

    @Override
    public boolean demoOnly() {
        return true;
    }

    @Override
    public void run() {
        // ON CONFLICT against the partial unique index: idempotent, and it never revives a deleted article
        em.createNativeQuery("INSERT INTO articles (id, created_at, updated_at, version, title, slug, body)"
                + " VALUES (?1, now(), now(), 1, 'Welcome to Tenantry', 'welcome', 'Soft delete me, then restore me.'),"
                + " (?2, now(), now(), 1, 'Paging', 'paging', 'GET /api/articles?page=0&size=20&sort=-createdAt')"
                + " ON CONFLICT DO NOTHING")
                .setParameter(1, java.util.UUID.fromString("00000000-0000-7000-8000-000000000001"))
                .setParameter(2, java.util.UUID.fromString("00000000-0000-7000-8000-000000000002"))
                .executeUpdate();
    }
}
