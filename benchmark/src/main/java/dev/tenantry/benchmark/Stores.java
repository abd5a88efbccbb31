package dev.tenantry.benchmark;

import dev.tenantry.persistence.Uuids;
import dev.tenantry.persistence.paging.Order;
import dev.tenantry.persistence.paging.Page;
import dev.tenantry.persistence.paging.PageRequest;
import dev.tenantry.persistence.paging.Sort;
import dev.tenantry.persistence.repository.Repository;
import dev.tenantry.tenancy.TenantEntityManagers;
import dev.tenantry.tenancy.TenantId;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;
import javax.sql.DataSource;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.Transaction;

/** The same six operations through raw JDBC, Hibernate 7 and Tenantry, each as its users write it. */
final class Stores {

    private Stores() {
    }

    /** One page of 20 (newest first) and the tenant's total. */
    record PageResult(List<UUID> ids, long total) {
    }

    interface Store {
        String name();

        UUID insert(TenantId t, String title);

        String find(TenantId t, UUID id);

        PageResult page(TenantId t);

        void update(TenantId t, UUID id, String title);

        void softDelete(TenantId t, UUID id);
    }

    /** Hand-written SQL, autocommit, one statement per write (the version bumped in SQL). */
    record Jdbc(DataSource ds) implements Store {

        @Override
        public String name() {
            return "jdbc";
        }

        @Override
        public UUID insert(TenantId t, String title) {
            UUID id = Uuids.timeOrdered();
            run("INSERT INTO bench_items (organization_id, id, created_at, updated_at, version, title, amount)"
                    + " VALUES (?, ?, now(), now(), 1, ?, 1)", ps -> {
                ps.setObject(1, t.value());
                ps.setObject(2, id);
                ps.setString(3, title);
                return ps.executeUpdate();
            });
            return id;
        }

        @Override
        public String find(TenantId t, UUID id) {
            return run("SELECT title FROM bench_items WHERE organization_id = ? AND id = ? AND deleted_at IS NULL", ps -> {
                ps.setObject(1, t.value());
                ps.setObject(2, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            });
        }

        @Override
        public PageResult page(TenantId t) {
            try (Connection c = ds.getConnection()) {
                List<UUID> ids = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement("SELECT id FROM bench_items WHERE organization_id = ?"
                        + " AND deleted_at IS NULL ORDER BY created_at DESC, id DESC LIMIT 20")) {
                    ps.setObject(1, t.value());
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            ids.add(rs.getObject(1, UUID.class));
                        }
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM bench_items WHERE organization_id = ?"
                        + " AND deleted_at IS NULL")) {
                    ps.setObject(1, t.value());
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        return new PageResult(ids, rs.getLong(1));
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void update(TenantId t, UUID id, String title) {
            run("UPDATE bench_items SET title = ?, version = version + 1, updated_at = now() WHERE organization_id = ?"
                    + " AND id = ? AND deleted_at IS NULL", ps -> {
                ps.setString(1, title);
                ps.setObject(2, t.value());
                ps.setObject(3, id);
                return ps.executeUpdate();
            });
        }

        @Override
        public void softDelete(TenantId t, UUID id) {
            run("UPDATE bench_items SET deleted_at = now(), version = version + 1 WHERE organization_id = ? AND id = ?"
                    + " AND deleted_at IS NULL", ps -> {
                ps.setObject(1, t.value());
                ps.setObject(2, id);
                return ps.executeUpdate();
            });
        }

        private <T> T run(String sql, SqlWork<T> work) {
            try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
                return work.apply(ps);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        interface SqlWork<T> {
            T apply(PreparedStatement ps) throws SQLException;
        }
    }

    /** Hibernate 7: a session per unit of work opened for the tenant ({@code @TenantId}), {@code @SoftDelete}. */
    record Hibernate(SessionFactory sf) implements Store {

        @Override
        public String name() {
            return "hibernate";
        }

        private <T> T inSession(TenantId t, boolean tx, Function<Session, T> work) {
            try (Session s = sf.withOptions().tenantIdentifier(t.value()).openSession()) {
                if (!tx) {
                    return work.apply(s);
                }
                Transaction transaction = s.beginTransaction();
                T result = work.apply(s);
                transaction.commit();
                return result;
            }
        }

        @Override
        public UUID insert(TenantId t, String title) {
            UUID id = Uuids.timeOrdered();
            inSession(t, true, s -> {
                s.persist(new HibernateItem(id, title, 1));
                return null;
            });
            return id;
        }

        @Override
        public String find(TenantId t, UUID id) {
            return inSession(t, false, s -> {
                HibernateItem item = s.find(HibernateItem.class, id);
                return item == null ? null : item.getTitle();
            });
        }

        @Override
        public PageResult page(TenantId t) {
            return inSession(t, false, s -> new PageResult(
                    s.createSelectionQuery("from HibernateItem order by createdAt desc, id desc", HibernateItem.class)
                            .setMaxResults(20).getResultList().stream().map(HibernateItem::getId).toList(),
                    s.createSelectionQuery("select count(*) from HibernateItem", Long.class).getSingleResult()));
        }

        @Override
        public void update(TenantId t, UUID id, String title) {
            inSession(t, true, s -> {
                s.find(HibernateItem.class, id).setTitle(title);
                return null;
            });
        }

        @Override
        public void softDelete(TenantId t, UUID id) {
            inSession(t, true, s -> {
                s.remove(s.find(HibernateItem.class, id));
                return null;
            });
        }
    }

    /** Tenantry as an application uses it: a tenant EntityManager per unit of work and a {@link Repository}. */
    record Tenantry(String name, EntityManagerFactory emf, Class<? extends ItemFields> type,
                    BiFunction<String, Long, ? extends ItemFields> factory, boolean direct) implements Store {

        private static final Sort NEWEST_FIRST = Sort.by(Order.desc("createdAt"), Order.desc("id"));

        @SuppressWarnings("unchecked")
        private <T> T inTenant(TenantId t, boolean tx, Function<Repository<ItemFields>, T> work) {
            EntityManager em = TenantEntityManagers.open(emf, t);
            try {
                Repository<ItemFields> repository = new Repository<>((Class<ItemFields>) type, em);
                if (!tx) {
                    return work.apply(repository);
                }
                em.getTransaction().begin();
                T result = work.apply(repository);
                em.getTransaction().commit();
                return result;
            } finally {
                if (em.getTransaction().isActive()) {
                    em.getTransaction().rollback();
                }
                em.close();
            }
        }

        @Override
        public UUID insert(TenantId t, String title) {
            return inTenant(t, true, r -> r.save(factory.apply(title, 1L)).getId());
        }

        @Override
        public String find(TenantId t, UUID id) {
            return inTenant(t, false, r -> r.find(id).map(ItemFields::getTitle).orElse(null));
        }

        @Override
        public PageResult page(TenantId t) {
            return inTenant(t, false, r -> {
                Page<ItemFields> page = r.page(new PageRequest(0, 20, NEWEST_FIRST));
                return new PageResult(page.items().stream().map(ItemFields::getId).toList(), page.total());
            });
        }

        @Override
        public void update(TenantId t, UUID id, String title) {
            if (direct) {   // one statement, autocommit: Repository.direct()
                inTenant(t, false, r -> r.direct().update(id, null, Map.of("title", title)));
                return;
            }
            inTenant(t, true, r -> {
                r.get(id).setTitle(title);
                return null;
            });
        }

        @Override
        public void softDelete(TenantId t, UUID id) {
            inTenant(t, !direct, r -> {
                if (direct) {
                    r.direct().delete(id, null);
                } else {
                    r.deleteById(id);
                }
                return null;
            });
        }
    }
}
