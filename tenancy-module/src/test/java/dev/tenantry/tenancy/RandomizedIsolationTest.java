package dev.tenantry.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantry.persistence.paging.KeysetPage;
import dev.tenantry.persistence.paging.KeysetRequest;
import dev.tenantry.persistence.paging.Order;
import dev.tenantry.persistence.paging.Page;
import dev.tenantry.persistence.paging.PageRequest;
import dev.tenantry.persistence.paging.Sort;
import dev.tenantry.persistence.repository.Repository;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Many operations by random tenants against a model of what each tenant owns; after every step,
 * what the tenant observes must be exactly its own live rows, never another tenant's. The seed is
 * printed so a failure can be replayed ({@code -Dtenantry.random.seed=...}).
 */
class RandomizedIsolationTest extends TenantDatabaseTest {

    private static final int TENANTS = 5;
    private static final int OPERATIONS = Integer.getInteger("tenantry.random.operations", 5_000);


    @Test
    void noTenantEverObservesAnotherTenantsRow() {
        long seed = Long.getLong("tenantry.random.seed", System.nanoTime());
        System.out.println("[tenantry] RandomizedIsolationTest seed " + seed + ", " + OPERATIONS + " operations");
        Random random = new Random(seed);
        List<TenantId> tenants = new ArrayList<>();
        Map<TenantId, Map<UUID, String>> live = new HashMap<>();       // the model: live projects per tenant
        Map<TenantId, Set<UUID>> deleted = new HashMap<>();
        for (int i = 0; i < TENANTS; i++) {
            TenantId t = new TenantId(UUID.randomUUID());
            tenants.add(t);
            live.put(t, new HashMap<>());
            deleted.put(t, new HashSet<>());
        }
        Set<UUID> everyId = new HashSet<>();

        for (int op = 0; op < OPERATIONS; op++) {
            TenantId actor = tenants.get(random.nextInt(TENANTS));
            TenantId owner = tenants.get(random.nextInt(TENANTS));         // whose row the actor aims at
            List<UUID> ownersRows = new ArrayList<>(live.get(owner).keySet());
            UUID target = ownersRows.isEmpty() ? UUID.randomUUID() : ownersRows.get(random.nextInt(ownersRows.size()));
            String step = "op " + op + " (seed " + seed + ")";
            switch (random.nextInt(6)) {
                case 0 -> {                                                  // create
                    String name = "p" + op;
                    UUID id = as(actor, em -> new Repository<>(Project.class, em).save(new Project(name)).getId());
                    live.get(actor).put(id, name);
                    everyId.add(id);
                }
                case 1 -> {                                                  // rename, possibly someone else's row
                    String name = "r" + op;
                    boolean changed = as(actor, em -> new Repository<>(Project.class, em).find(target).map(p -> {
                        p.setName(name);
                        return true;
                    }).orElse(false));
                    assertThat(changed).as(step + ": rename succeeds only on own live row")
                            .isEqualTo(actor.equals(owner) && live.get(owner).containsKey(target));
                    if (changed) {
                        live.get(actor).put(target, name);
                    }
                }
                case 2 -> {                                                  // delete by id
                    boolean removed = as(actor, em -> {
                        Repository<Project> projects = new Repository<>(Project.class, em);
                        if (!projects.exists(target)) {
                            return false;
                        }
                        projects.deleteById(target);
                        return true;
                    });
                    assertThat(removed).as(step + ": delete succeeds only on own live row")
                            .isEqualTo(actor.equals(owner) && live.get(owner).containsKey(target));
                    if (removed) {
                        live.get(actor).remove(target);
                        deleted.get(actor).add(target);
                    }
                }
                case 3 -> {                                                  // bulk JPQL update of "everything"
                    int n = as(actor, em -> em.createQuery("update Project p set p.name = concat(p.name, '.')").executeUpdate());
                    assertThat(n).as(step + ": bulk update touches own rows only").isEqualTo(live.get(actor).size());
                    live.get(actor).replaceAll((id, name) -> name + ".");
                }
                case 4 -> {                                                  // read through JPQL, find and paging
                    Map<UUID, String> seen = as(actor, em -> {
                        Map<UUID, String> out = new HashMap<>();
                        em.createQuery("select p from Project p", Project.class).getResultList()
                                .forEach(p -> out.put(p.getId(), p.getName()));
                        return out;
                    });
                    assertThat(seen).as(step + ": JPQL sees exactly own live rows").isEqualTo(live.get(actor));
                    boolean found = as(actor, em -> em.find(Project.class, target) != null);
                    assertThat(found).as(step + ": find").isEqualTo(actor.equals(owner) && live.get(owner).containsKey(target));
                    long total = as(actor, em -> new Repository<>(Project.class, em).page(PageRequest.of(0, 5)).total());
                    assertThat(total).as(step + ": page total").isEqualTo(live.get(actor).size());
                    // items, not only totals: every offset and keyset page of one shape (shared by all
                    // tenants through Tenantry's page templates) holds the actor's own rows, each once
                    Sort sort = random.nextBoolean() ? Sort.by(Order.desc("name")) : Sort.unsorted();
                    assertThat(allPages(actor, sort)).as(step + ": offset page items").isEqualTo(live.get(actor));
                    assertThat(allKeysetPages(actor, random.nextBoolean() ? Order.desc("name") : Order.asc("createdAt")))
                            .as(step + ": keyset page items").isEqualTo(live.get(actor));
                }
                default -> {                                                 // restore someone's deleted row
                    List<UUID> gone = new ArrayList<>(deleted.get(owner));
                    UUID restoreTarget = gone.isEmpty() ? target : gone.get(random.nextInt(gone.size()));
                    boolean restored;
                    try {
                        as(actor, em -> new Repository<>(Project.class, em).restore(restoreTarget));
                        restored = true;
                    } catch (dev.tenantry.persistence.repository.RecordNotFoundException notVisible) {
                        restored = false;
                    }
                    boolean own = actor.equals(owner) && (deleted.get(owner).contains(restoreTarget)
                            || live.get(owner).containsKey(restoreTarget));
                    assertThat(restored).as(step + ": restore only own rows").isEqualTo(own);
                    if (restored && deleted.get(actor).remove(restoreTarget)) {
                        live.get(actor).put(restoreTarget, as(actor, em -> em.find(Project.class, restoreTarget).getName()));
                    }
                }
            }
        }
        // the database agrees with the model for every tenant
        for (TenantId t : tenants) {
            Map<UUID, String> rows = as(t, em -> {
                Map<UUID, String> out = new HashMap<>();
                em.createQuery("select p from Project p", Project.class).getResultList().forEach(p -> out.put(p.getId(), p.getName()));
                return out;
            });
            assertThat(rows).isEqualTo(live.get(t));
        }
        assertThat(everyId).isNotEmpty();
    }

    private static final int PAGE = 25;

    /** Every row of every offset page, by id; fails on a row seen twice. */
    private Map<UUID, String> allPages(TenantId tenant, Sort sort) {
        return as(tenant, em -> {
            Map<UUID, String> out = new HashMap<>();
            Repository<Project> projects = new Repository<>(Project.class, em);
            for (int page = 0; ; page++) {
                Page<Project> p = projects.page(new PageRequest(page, PAGE, sort));
                p.items().forEach(item -> assertThat(out.put(item.getId(), item.getName())).as("seen twice").isNull());
                if (!p.hasNext()) {
                    return out;
                }
            }
        });
    }

    /** Every row of every keyset page, by id; fails on a row seen twice. */
    private Map<UUID, String> allKeysetPages(TenantId tenant, Order order) {
        return as(tenant, em -> {
            Map<UUID, String> out = new HashMap<>();
            Repository<Project> projects = new Repository<>(Project.class, em);
            KeysetRequest request = new KeysetRequest(order, PAGE, null);
            while (true) {
                KeysetPage<Project> p = projects.keyset(request);
                p.items().forEach(item -> assertThat(out.put(item.getId(), item.getName())).as("seen twice").isNull());
                if (p.nextCursor().isEmpty()) {
                    return out;
                }
                request = request.after(p.nextCursor().get());
            }
        });
    }

}
