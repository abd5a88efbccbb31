package dev.tenantry.benchmark;

import dev.tenantry.embedded.Transactions;
import dev.tenantry.persistence.Uuids;
import dev.tenantry.persistence.paging.Order;
import dev.tenantry.persistence.paging.Page;
import dev.tenantry.persistence.paging.PageRequest;
import dev.tenantry.persistence.paging.Sort;
import dev.tenantry.persistence.repository.Repository;
import dev.tenantry.tenancy.RowSecurityListener;
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
import java.util.concurrent.ConcurrentHashMap;
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

    /**
     * Hand-written SQL, autocommit, one statement per write (the version bumped in SQL). Two variants
     * measure in the same run what row-level security and an audit row cost without any ORM, the floor
     * the plug-in's own ratios are read against: {@code rowSecurity} connects as the role the policies
     * apply to and sends the tenant's {@code set_config} in front of each statement in the same round
     * trip, as Tenantry does; {@code audited} writes an activity row in the same statement as each
     * write (a data-modifying {@code WITH}), the cheapest way one can be kept.
     */
    record Jdbc(String name, DataSource ds, boolean rowSecurity, boolean audited) implements Store {

        private static final String SET_TENANT = "SELECT set_config('" + RowSecurityListener.SETTING + "', ?, true),"
                + " set_config('" + RowSecurityListener.PRINCIPAL_SETTING + "', 'benchmark', true); ";
        private static final String ACTIVITY = " INSERT INTO activities (organization_id, id, created_at, updated_at,"
                + " actor, type, entity_type, entity_id, metadata) SELECT organization_id, ?, now(), now(), 'benchmark', ?,"
                + " 'BenchItem', id, jsonb_build_object('title', ?::text) FROM written";
        /** Each statement's text as sent, built once (as Tenantry keeps its prefixed statements). */
        private static final Map<String, String> AUDITED_SQL = new ConcurrentHashMap<>();
        private static final Map<String, String> SCOPED_SQL = new ConcurrentHashMap<>();

        Jdbc(DataSource ds) {
            this("jdbc", ds, false, false);
        }

        @Override
        public UUID insert(TenantId t, String title) {
            UUID id = Uuids.timeOrdered();
            write(t, "item.created", title, "INSERT INTO bench_items (organization_id, id, created_at, updated_at, version,"
                    + " title, amount) VALUES (?, ?, now(), now(), 1, ?, 1)", t.value(), id, title);
            return id;
        }

        @Override
        public String find(TenantId t, UUID id) {
            return query(t, "SELECT title FROM bench_items WHERE organization_id = ? AND id = ? AND deleted_at IS NULL",
                    rs -> rs.next() ? rs.getString(1) : null, t.value(), id);
        }

        @Override
        public PageResult page(TenantId t) {
            try (Connection c = ds.getConnection()) {   // both statements on one connection, as before
                List<UUID> ids = query(c, t, "SELECT id FROM bench_items WHERE organization_id = ? AND deleted_at IS NULL"
                        + " ORDER BY created_at DESC, id DESC LIMIT 20", rs -> {
                    List<UUID> found = new ArrayList<>();
                    while (rs.next()) {
                        found.add(rs.getObject(1, UUID.class));
                    }
                    return found;
                }, t.value());
                long total = query(c, t, "SELECT count(*) FROM bench_items WHERE organization_id = ? AND deleted_at IS NULL",
                        rs -> rs.next() ? rs.getLong(1) : -1, t.value());
                return new PageResult(ids, total);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        /**
         * The rows of a first keyset page of 20, newest first, and one more to know there is a next; the
         * scale benchmark's reference for Tenantry's keyset page.
         *
         * @return how many rows came back (21 when the tenant has more than 20)
         */
        int keysetFirstPage(TenantId t) {
            return query(t, "SELECT id, created_at, updated_at, version, deleted_at, title, amount FROM bench_items"
                    + " WHERE organization_id = ? AND deleted_at IS NULL ORDER BY created_at DESC, id DESC LIMIT 21", rs -> {
                int rows = 0;
                while (rs.next()) {
                    rows++;
                }
                return rows;
            }, t.value());
        }

        @Override
        public void update(TenantId t, UUID id, String title) {
            write(t, "item.updated", title, "UPDATE bench_items SET title = ?, version = version + 1, updated_at = now()"
                    + " WHERE organization_id = ? AND id = ? AND deleted_at IS NULL", title, t.value(), id);
        }

        @Override
        public void softDelete(TenantId t, UUID id) {
            write(t, "item.deleted", null, "UPDATE bench_items SET deleted_at = now(), version = version + 1"
                    + " WHERE organization_id = ? AND id = ? AND deleted_at IS NULL", t.value(), id);
        }

        /** One write, with its activity row in the same statement when audited. */
        private void write(TenantId t, String type, String title, String sql, Object... parameters) {
            if (!audited) {
                run(t, sql, ps -> ps.getUpdateCount(), parameters);
                return;
            }
            Object[] all = java.util.Arrays.copyOf(parameters, parameters.length + 3);
            all[parameters.length] = Uuids.timeOrdered();
            all[parameters.length + 1] = type;
            all[parameters.length + 2] = title;
            run(t, AUDITED_SQL.computeIfAbsent(sql, s -> "WITH written AS (" + s + " RETURNING organization_id, id)" + ACTIVITY),
                    ps -> ps.getUpdateCount(), all);
        }

        private <T> T query(TenantId t, String sql, SqlWork<ResultSet, T> read, Object... parameters) {
            return run(t, sql, ps -> result(ps, read), parameters);
        }

        private <T> T query(Connection c, TenantId t, String sql, SqlWork<ResultSet, T> read, Object... parameters)
                throws SQLException {
            return run(c, t, sql, ps -> result(ps, read), parameters);
        }

        private static <T> T result(PreparedStatement ps, SqlWork<ResultSet, T> read) throws SQLException {
            try (ResultSet rs = ps.getResultSet()) {
                return read.apply(rs);
            }
        }

        private <T> T run(TenantId t, String sql, SqlWork<PreparedStatement, T> result, Object... parameters) {
            try (Connection c = ds.getConnection()) {
                return run(c, t, sql, result, parameters);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        /** Runs one statement, under row-level security behind the tenant's setting in the same round trip. */
        private <T> T run(Connection c, TenantId t, String sql, SqlWork<PreparedStatement, T> result, Object... parameters)
                throws SQLException {
            String sent = rowSecurity ? SCOPED_SQL.computeIfAbsent(sql, SET_TENANT::concat) : sql;
            try (PreparedStatement ps = c.prepareStatement(sent)) {
                int shift = 0;
                if (rowSecurity) {
                    ps.setString(1, t.value().toString());
                    shift = 1;
                }
                for (int i = 0; i < parameters.length; i++) {
                    ps.setObject(i + 1 + shift, parameters[i]);
                }
                ps.execute();
                if (rowSecurity) {
                    ps.getMoreResults();   // past the setting's row, to the statement's own result
                }
                return result.apply(ps);
            }
        }

        interface SqlWork<I, T> {
            T apply(I in) throws SQLException;
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
            Function<EntityManager, T> withRepository = e -> work.apply(new Repository<>((Class<ItemFields>) type, e));
            if (tx) {
                return Transactions.inTransaction(em, withRepository);
            }
            try {
                return withRepository.apply(em);
            } finally {
                em.close();
            }
        }

        @Override
        public UUID insert(TenantId t, String title) {
            if (direct) {   // one statement, autocommit: Repository.direct()
                return inTenant(t, false, r -> r.direct().insert(factory.apply(title, 1L)).getId());
            }
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
