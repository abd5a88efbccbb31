package dev.tenantry.it.ear;

import dev.tenantry.tenancy.ForTenant;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.List;

/** Notes of the current tenant, through the injected tenant EntityManager; used by both web modules. */
@ApplicationScoped
public class EarNotes {

    @Inject
    @ForTenant
    EntityManager em;

    /** @param text a new note's text */
    @Transactional
    public void add(String text) {
        em.persist(new EarNote(text));
    }

    /** @return the current tenant's notes' texts, sorted */
    @Transactional
    public List<String> texts() {
        return em.createQuery("select n.text from EarNote n order by n.text", String.class).getResultList();
    }

    /** @return every row of ear_notes a native query sees (row-level security is the only filter) */
    @Transactional
    @SuppressWarnings("unchecked")
    public List<String> nativeTexts() {
        return em.createNativeQuery("select text from ear_notes order by text")
                .setHint("eclipselink.jdbc.allow-native-sql-query", true).getResultList();
    }
}
