package dev.tenantry.persistence.repository;

import dev.tenantry.persistence.BaseEntity;
import dev.tenantry.persistence.errors.DataErrors;
import dev.tenantry.persistence.errors.DataIntegrityException;
import dev.tenantry.persistence.errors.InvalidValueException;
import dev.tenantry.persistence.errors.WriteOutcomeUnknownException;
import dev.tenantry.persistence.internal.EntityMeters;
import dev.tenantry.persistence.internal.SqlStates;
import dev.tenantry.persistence.internal.StorableText;
import dev.tenantry.persistence.internal.TenantColumns;
import dev.tenantry.persistence.internal.TransactionConnections;
import dev.tenantry.persistence.softdelete.SoftDeletableEntity;
import dev.tenantry.persistence.spi.DirectWrite;
import dev.tenantry.persistence.spi.DirectWriteListener;
import jakarta.persistence.EntityManager;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PersistenceException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.persistence.descriptors.ClassDescriptor;
import org.eclipse.persistence.descriptors.DescriptorEvent;
import org.eclipse.persistence.descriptors.DescriptorEventManager;
import org.eclipse.persistence.descriptors.VersionLockingPolicy;
import org.eclipse.persistence.internal.helper.DatabaseField;
import org.eclipse.persistence.internal.sessions.AbstractRecord;
import org.eclipse.persistence.internal.sessions.UnitOfWorkImpl;
import org.eclipse.persistence.jpa.JpaEntityManager;
import org.eclipse.persistence.mappings.DatabaseMapping;
import org.eclipse.persistence.mappings.DirectToFieldMapping;
import org.eclipse.persistence.mappings.ObjectReferenceMapping;
import org.eclipse.persistence.queries.DataReadQuery;
import org.eclipse.persistence.queries.SQLCall;

/**
 * Writes to one row in a single SQL statement, without EclipseLink's unit of work: "insert this new
 * entity", "set these attributes of this id" and "delete this id" (the last two without loading the
 * entity first). Obtained from {@link Repository#direct()}.
 *
 * <p>What an entity write guarantees holds here too: the statement is bound to the EntityManager's
 * tenant (a row of another tenant is not found), never touches a soft-deleted row, checks the
 * version when one is given and bumps it always, sets {@code updated_at} (and {@code deleted_at}) to
 * the database's {@code statement_timestamp()}, runs under row-level security, and — through
 * {@link DirectWriteListener}s — is refused for a VIEWER and writes its audit activity (with the old
 * and new values of what changed) inside the same statement. Values pass the
 * attribute's converter (encrypted columns are encrypted) and its Bean Validation constraints (when a
 * validator is available), and text is checked as an entity's is.
 *
 * <p>What it does not do, by design: an update or delete builds no entity, so lifecycle callbacks and
 * entity listeners ({@code @PreUpdate}, {@code @PostUpdate}…) do not run; relationships and embedded
 * attributes cannot be set (load the entity for those). A copy of the row held by the EntityManager is
 * detached and the shared cache entry evicted, so the next read sees the new state. An
 * {@linkplain #insert insert} runs what {@code persist} runs before its INSERT ({@code @PrePersist}
 * callbacks and listeners, Bean Validation when the unit validates) but not {@code @PostPersist}, and
 * leaves the entity unmanaged.
 *
 * <p>Transactions: inside an active transaction (JTA or resource-local) the statement joins it and a
 * failure marks it for rollback. Outside one it runs on its own, in autocommit: one round trip to the
 * database, nothing before or after it, which is what makes this path fast.
 *
 * <p>A lost connection (the server restarted, a failover, the session terminated): a write is never
 * repeated on another connection, as EclipseLink repeats reads. Inside a transaction nothing of it
 * was applied (a {@code PersistenceException} that says so); in autocommit it may or may not have
 * been applied: {@link WriteOutcomeUnknownException} — read the row again (its version tells) before
 * writing again, or pass the version you read so that a second attempt cannot apply twice.
 *
 * @param <T> entity type
 */
public final class DirectWrites<T extends BaseEntity> {

    private static final List<DirectWriteListener> LISTENERS = ServiceLoader.load(DirectWriteListener.class,
            DirectWrites.class.getClassLoader()).stream().map(ServiceLoader.Provider::get).toList();
    /** Attributes the statement itself maintains. */
    private static final Set<String> MAINTAINED = Set.of("id", "createdAt", "updatedAt", "version", "deletedAt");

    private final Class<T> type;
    private final EntityManager em;

    DirectWrites(Class<T> type, EntityManager em) {
        this.type = type;
        this.em = em;
    }

    /**
     * Sets one attribute of one live row: {@link #update(UUID, Long, Map)} for a single change, with
     * {@code null} allowed as the value (which {@code Map.of} refuses) to set the column to NULL.
     *
     * @param id        the row's id
     * @param version   the version the caller last read, checked; or {@code null} for any
     * @param attribute a basic, updatable attribute of the entity
     * @param value     its new value, or {@code null}
     * @return the row's new version
     * @see #update(UUID, Long, Map) for what is kept and thrown
     */
    public long update(UUID id, Long version, String attribute, Object value) {
        return update(id, version, java.util.Collections.singletonMap(attribute, value));
    }

    /**
     * Sets attributes of one live row.
     *
     * @param id      the row's id
     * @param version the version the caller last read, checked; or {@code null} to write whatever
     *                version is current (the version is bumped either way)
     * @param changes attribute name → new value ({@code null} sets NULL: use a map that allows it);
     *                basic attributes of the entity only (not the id, timestamps, version, tenant,
     *                relationships)
     * @return the row's new version
     * @throws RecordNotFoundException  when no live row of this tenant has that id
     * @throws OptimisticLockException  when {@code version} is not the row's current version
     * @throws InvalidValueException    when an attribute cannot be set this way, or a value cannot be stored
     * @throws ConstraintViolationException when a value breaks the attribute's Bean Validation constraints
     * @throws DataIntegrityException   when the database refuses a value (unique, foreign key, not null, check)
     * @throws WriteOutcomeUnknownException when the connection was lost during an autocommitted write
     */
    public long update(UUID id, Long version, Map<String, ?> changes) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(changes, "changes");
        if (changes.isEmpty()) {
            throw new InvalidValueException(type.getSimpleName(), null, "list of changes is empty: name at least one attribute");
        }
        Call call = new Call();
        Map<String, String> columns = new LinkedHashMap<>();
        List<Object> values = new ArrayList<>(changes.size());
        for (Map.Entry<String, ?> change : changes.entrySet()) {
            String attribute = change.getKey();
            DatabaseMapping mapping = attribute == null ? null : call.descriptor.getMappingForAttributeName(attribute);
            if (!(mapping instanceof DirectToFieldMapping direct) || MAINTAINED.contains(attribute)
                    || call.shape.tenantColumns.contains(direct.getField().getName()) || direct.isReadOnly()
                    || !direct.getField().isUpdatable()) {
                throw new InvalidValueException(type.getSimpleName(), String.valueOf(attribute), "cannot be set by a"
                        + " direct update: name a basic, updatable attribute of the entity (not its id, tenant, version or"
                        + " timestamps, not a relationship or embedded value), or load and save the entity");
            }
            Object value = change.getValue();
            check(call.shape, attribute, value);
            columns.put(attribute, direct.getField().getName());
            values.add(direct.getFieldValue(value, call.session));
        }
        return run(call, DirectWrite.Kind.UPDATE, id, version, columns, values);
    }

    /**
     * Deletes one live row: soft (sets {@code deleted_at}) for a {@link SoftDeletableEntity}, for
     * real otherwise.
     *
     * @param id      the row's id
     * @param version the version the caller last read, checked; or {@code null} for any
     * @throws RecordNotFoundException when no live row of this tenant has that id
     * @throws OptimisticLockException when {@code version} is not the row's current version
     * @throws DataIntegrityException  when other rows still refer to it (a real delete)
     * @throws WriteOutcomeUnknownException when the connection was lost during an autocommitted write
     */
    public void delete(UUID id, Long version) {
        Objects.requireNonNull(id, "id");
        Call call = new Call();
        run(call, call.shape.soft ? DirectWrite.Kind.SOFT_DELETE : DirectWrite.Kind.DELETE, id, version, Map.of(), List.of());
    }

    /**
     * Inserts a new entity in one SQL statement, without EclipseLink's unit of work: outside a
     * transaction one autocommitted round trip.
     *
     * <p>What {@code persist} does before its INSERT happens here too: the entity's {@code @PrePersist}
     * callbacks and entity listeners run (the id is assigned unless already set, the creation and update
     * times are set), text is checked, and Bean Validation validates it when the persistence unit
     * validates on persist. The row gets the EntityManager's tenant (none set: refused, fail closed),
     * version 1, each attribute through its converter (encrypted columns are encrypted for their place)
     * and the foreign keys of its many-to-one and one-to-one references; row-level security applies,
     * a VIEWER is refused and an {@code @Audited} entity's {@code created} activity is written by the
     * same statement. Afterwards the entity has its id, times and version, and is <em>not</em> managed
     * by the EntityManager: change it later with {@link #update} or {@code Repository.save} (which
     * merges it).
     *
     * <p>Refused before anything is sent ({@link InvalidValueException}): an entity that is not new
     * (it has a version, or this EntityManager already manages it), an entity of several tables or of an
     * inheritance hierarchy, a reference to an entity that is not stored yet, and values in collections
     * or other attributes this single row cannot hold (save those entities with {@code save}, which
     * cascades). {@code @PostPersist} callbacks do not run.
     *
     * @param entity a new entity of this repository's type
     * @return the same entity, with its id, creation and update times and version set
     * @throws InvalidValueException    when the entity cannot be inserted this way, or a text value cannot be stored
     * @throws ConstraintViolationException when Bean Validation refuses it
     * @throws DataIntegrityException   when the database refuses it (unique — the id included —, foreign key, not null, check)
     * @throws WriteOutcomeUnknownException when the connection was lost during an autocommitted insert
     *                                  (read by id: the row is there or not; inserting again is refused as a duplicate)
     */
    public T insert(T entity) {
        Objects.requireNonNull(entity, "entity");
        Call call = new Call();
        Shape shape = call.shape;
        if (entity.getClass() != type) {
            throw new InvalidValueException(type.getSimpleName(), null, "direct().insert was given a "
                    + entity.getClass().getSimpleName() + ": pass an entity of exactly the repository's type, or use save()");
        }
        if (shape.insertRefusal != null) {
            throw new InvalidValueException(type.getSimpleName(), null, shape.insertRefusal);
        }
        if (!entity.isNew() || call.jpa.contains(entity)) {
            throw new InvalidValueException(type.getSimpleName(), null, "is not new (it has a version, or this EntityManager"
                    + " manages it): direct().insert writes a new entity once; change a stored one with update(...) or save()");
        }
        prePersist(call, entity);
        refuseWhatTheRowCannotHold(call, entity);
        Map<String, Object> tenant = TenantColumns.values(call.session, call.descriptor, type);
        AbstractRecord row = call.descriptor.getObjectBuilder().buildRow(entity, call.session, DatabaseMapping.WriteType.INSERT);
        List<String> columns = new ArrayList<>(row.size());
        List<Object> values = new ArrayList<>(row.size());
        Map<String, String> attributes = new LinkedHashMap<>();
        List<DatabaseField> fields = row.getFields();
        for (int i = 0; i < fields.size(); i++) {
            String column = fields.get(i).getName();
            if (tenant.containsKey(column) || columns.contains(column)) {
                continue;   // the tenant is the EntityManager's, written below; a column two mappings share, once
            }
            columns.add(column);
            if (column.equals(shape.version)) {
                values.add(Long.valueOf(1));
            } else if (column.equals(shape.createdAt) || column.equals(shape.updatedAt)) {
                // BaseEntity's timestamptz columns, bound as typed text: a parameter the driver binds untyped (its
                // java.time values) would keep the statement from being server-prepared in autocommit under row-level
                // security (see RowSecurityConnections), and the statement would be planned on every insert
                values.add(new Typed(String.valueOf(column.equals(shape.createdAt) ? entity.getCreatedAt() : entity.getUpdatedAt()),
                        "timestamptz"));
            } else {
                values.add(row.getValues().get(i));
            }
            String attribute = shape.attributeOf(column);
            if (attribute != null) {
                attributes.put(attribute, column);
            }
        }
        tenant.forEach((column, value) -> {
            columns.add(column);
            values.add(value);
        });
        Statement statement = new Statement(DirectWrite.Kind.INSERT, em, type, shape.table, shape.idColumn, entity.getId(),
                tenant, attributes, entity);
        LISTENERS.forEach(l -> l.beforeWrite(statement));

        List<Object> parameters = new ArrayList<>(values.size());
        String sql = shape.insert(columns, values, parameters, !statement.extras.isEmpty());
        if (!statement.extras.isEmpty()) {
            StringBuilder with = new StringBuilder("WITH ").append(DirectWrite.AFTER).append(" AS (").append(sql).append(")");
            statement.appendExtras(with, parameters);
            sql = with.append(" SELECT a.").append(DirectWrite.VERSION).append(" FROM ").append(DirectWrite.AFTER).append(" a")
                    .toString();
        }
        if (execute(call, sql, parameters) == null) {
            throw new IllegalStateException("INSERT of " + type.getSimpleName() + " returned no row");   // cannot happen
        }
        call.descriptor.getMappingForAttributeName("version").setAttributeValueInObject(entity, Long.valueOf(1));
        EntityMeters meters = EntityMeters.of(call.descriptor);
        if (meters != null) {
            meters.inserted();
        }
        return entity;
    }

    /** What {@code persist} runs first: {@code @PrePersist} callbacks, entity listeners, the text check, Bean Validation. */
    private void prePersist(Call call, Object entity) {
        DescriptorEventManager events = call.descriptor.getEventManager();
        if (events.hasAnyEventListeners()) {
            DescriptorEvent event = new DescriptorEvent(entity);
            event.setEventCode(DescriptorEventManager.PrePersistEvent);
            event.setSession(call.session);
            events.executeEvent(event);
        }
    }

    /**
     * The INSERT writes this row only: a reference must name a stored entity (its key is the foreign
     * key written), and collections — written by further statements, or cascaded — must be empty.
     */
    private void refuseWhatTheRowCannotHold(Call call, Object entity) {
        for (DatabaseMapping mapping : call.descriptor.getMappings()) {
            if (mapping.isReadOnly()) {
                continue;
            }
            if (mapping instanceof ObjectReferenceMapping reference) {
                Object target = reference.getRealAttributeValueFromObject(entity, call.session);
                if (target != null && (target instanceof BaseEntity stored ? stored.isNew()
                        : reference.getReferenceDescriptor().getObjectBuilder().extractPrimaryKeyFromObject(target,
                        call.session) == null)) {
                    throw new InvalidValueException(type.getSimpleName(), mapping.getAttributeName(), "refers to a "
                            + target.getClass().getSimpleName() + " that is not stored yet: insert or save it first"
                            + " (direct().insert does not cascade)");
                }
            } else if (mapping.isCollectionMapping()) {
                Object value = mapping.getRealAttributeValueFromObject(entity, call.session);
                boolean empty = value == null || value instanceof java.util.Collection<?> c && c.isEmpty()
                        || value instanceof Map<?, ?> m && m.isEmpty();
                if (!empty) {
                    throw new InvalidValueException(type.getSimpleName(), mapping.getAttributeName(), "holds values that"
                            + " direct().insert cannot write in the entity's one row: leave it empty, or insert with save()");
                }
            }
        }
    }

    private long run(Call call, DirectWrite.Kind kind, UUID id, Long version, Map<String, String> columns,
                     List<Object> writeValues) {
        Shape shape = call.shape;
        Map<String, Object> tenant = TenantColumns.values(call.session, call.descriptor, type);
        Statement statement = new Statement(kind, em, type, shape.table, shape.idColumn, id, tenant, columns, null);
        LISTENERS.forEach(l -> l.beforeWrite(statement));

        Object[] versions = statement.extras.isEmpty()
                ? alone(call, statement, writeValues, version)
                : withListeners(call, statement, shape.write(kind, columns.values()), writeValues, version);
        forgetCopies(call, id);
        if (versions == null) {
            throw new RecordNotFoundException(type.getSimpleName(), id);
        }
        if (versions[1] == null) {
            failed(call);
            throw new OptimisticLockException(type.getSimpleName() + " " + id + " was changed since version " + version
                    + " (it is at version " + versions[0] + "): nothing was written. Read it again and retry.");
        }
        EntityMeters meters = EntityMeters.of(call.descriptor);
        if (meters != null) {
            meters.written(kind != DirectWrite.Kind.UPDATE);
        }
        return ((Number) versions[1]).longValue();
    }

    /**
     * The write as one plain statement, when no listener adds to it: {@code UPDATE/DELETE ... WHERE id
     * AND tenant AND live [AND version] RETURNING version}, its text built once per entity, kind and
     * set of attributes. Only when it finds no row does a second statement ask why (gone, or at
     * another version).
     *
     * @return {null, version after}; {version now, null} on a version conflict; {@code null} when not found
     */
    private Object[] alone(Call call, Statement statement, List<Object> writeValues, Long version) {
        Shape shape = call.shape;
        List<Object> parameters = new ArrayList<>(writeValues.size() + statement.tenant().size() + 2);
        parameters.addAll(writeValues);
        parameters.add(statement.id());
        parameters.addAll(statement.tenant().values());
        if (version != null) {
            parameters.add(version);
        }
        Object[] row = execute(call, shape.alone(statement.kind(), statement.columns().values(), version != null), parameters);
        if (row != null) {
            return new Object[] {null, row[0]};
        }
        if (version == null) {
            return null;
        }
        Object[] current = execute(call, shape.currentVersion, parameters.subList(writeValues.size(), parameters.size() - 1));
        return current == null ? null : new Object[] {current[0], null};
    }

    /**
     * The write as data-modifying expressions that listeners can join: {@value DirectWrite#BEFORE} (the
     * row locked as it was), {@value DirectWrite#AFTER} (as written), then each listener's statement.
     *
     * @return {version before, version after, or null on a version conflict}; {@code null} when not found
     */
    private Object[] withListeners(Call call, Statement statement, String write, List<Object> writeValues, Long version) {
        String deletedAt = call.shape.deletedAt;
        String v = call.shape.version;
        Map<String, String> columns = statement.columns();
        String idColumn = statement.idColumn();
        Map<String, Object> tenant = statement.tenant();
        List<Object> parameters = new ArrayList<>();
        StringBuilder sql = new StringBuilder("WITH ").append(DirectWrite.BEFORE).append(" AS (SELECT ").append(idColumn)
                .append(", ").append(v).append(" AS ").append(DirectWrite.VERSION);
        columns.values().forEach(c -> sql.append(", ").append(c));
        sql.append(" FROM ").append(statement.table()).append(" WHERE ").append(idColumn).append(" = ?");
        parameters.add(statement.id());
        tenant.forEach((column, value) -> {
            sql.append(" AND ").append(column).append(" = ?");
            parameters.add(value);
        });
        if (deletedAt != null) {
            sql.append(" AND ").append(deletedAt).append(" IS NULL");
        }
        sql.append(" FOR UPDATE), ").append(DirectWrite.AFTER).append(" AS (").append(write);
        parameters.addAll(writeValues);
        sql.append(statement.kind() == DirectWrite.Kind.DELETE ? " USING " : " FROM ").append(DirectWrite.BEFORE).append(" b WHERE t.")
                .append(idColumn).append(" = b.").append(idColumn);
        tenant.forEach((column, value) -> {
            sql.append(" AND t.").append(column).append(" = ?");
            parameters.add(value);
        });
        if (version != null) {
            sql.append(" AND b.").append(DirectWrite.VERSION).append(" = ?");
            parameters.add(version);
        }
        sql.append(" RETURNING t.").append(idColumn).append(", t.").append(v).append(" AS ").append(DirectWrite.VERSION);
        columns.values().forEach(c -> sql.append(", t.").append(c));
        sql.append(")");
        statement.appendExtras(sql, parameters);
        sql.append(" SELECT b.").append(DirectWrite.VERSION).append(", a.").append(DirectWrite.VERSION).append(" FROM ")
                .append(DirectWrite.BEFORE).append(" b LEFT JOIN ").append(DirectWrite.AFTER).append(" a ON true");
        return execute(call, sql.toString(), parameters);
    }

    /** @return the statement's first row, or {@code null} when it returned none */
    private Object[] execute(Call call, String sql, List<Object> parameters) {
        try {
            if (call.jpa.isJoinedToTransaction()) {
                call.jpa.flush();   // what this EntityManager still holds for the row lands first
                Connection connection = TransactionConnections.of(call.jpa);
                try (PreparedStatement ps = connection.prepareStatement(sql)) {
                    for (int i = 0; i < parameters.size(); i++) {
                        ps.setObject(i + 1, parameters.get(i));
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) {
                            return null;
                        }
                        Object[] row = new Object[rs.getMetaData().getColumnCount()];
                        for (int i = 0; i < row.length; i++) {
                            row[i] = rs.getObject(i + 1);
                        }
                        return row;
                    }
                } catch (SQLException e) {
                    if (SqlStates.connectionLost(e.getSQLState())) {
                        throw new PersistenceException("The connection to the database was lost during a direct write of "
                                + type.getSimpleName() + ": its transaction did not commit, nothing of it was applied."
                                + " Run the unit of work again.", e);
                    }
                    throw new PersistenceException("Direct write of " + type.getSimpleName() + " failed (SQLState "
                            + e.getSQLState() + ")", e);
                }
            }
            // autocommit: EclipseLink runs it on the EntityManager's read connection (with its tenant under
            // row-level security), as a prepared query kept per statement shape
            List<?> rows;
            try {
                rows = (List<?>) call.session.executeQuery(call.shape.query(sql), parameters);
            } catch (org.eclipse.persistence.exceptions.DatabaseException e) {
                if (e.isCommunicationFailure()) {
                    throw new WriteOutcomeUnknownException("The connection to the database was lost during a direct write of "
                            + type.getSimpleName() + ": it was not repeated, and it may or may not have been applied."
                            + " Read the row again (its version tells) before writing it again.", e);
                }
                throw new PersistenceException("Direct write of " + type.getSimpleName() + " failed", e);
            }
            return rows.isEmpty() ? null : rows.get(0) instanceof Object[] row ? row : new Object[] {rows.get(0)};
        } catch (PersistenceException e) {
            failed(call);
            throw DataErrors.rethrowTyped(e);
        } catch (RuntimeException e) {
            // not an SQLException: e.g. a server's JDBC handle whose broken connection its pool took away
            // (Payara's fails with a NullPointerException). The statement may not have run: roll back all the same
            failed(call);
            throw e;
        }
    }

    /** A failed statement aborted the database transaction: the caller's transaction must not commit. */
    private void failed(Call call) {
        if (!call.jpa.isJoinedToTransaction()) {
            return;
        }
        var controller = call.session.getParent().getExternalTransactionController();
        if (controller != null) {
            controller.markTransactionForRollback();
        } else {
            call.jpa.getTransaction().setRollbackOnly();
        }
    }

    /**
     * Copies of the row in this EntityManager and the shared cache are out of date now. An isolated
     * entity (a tenant entity of a factory shared by tenants) never enters the shared cache: nothing
     * to evict there.
     */
    private void forgetCopies(Call call, UUID id) {
        if (!call.descriptor.isIsolated()) {
            call.jpa.getEntityManagerFactory().getCache().evict(type, id);
        }
        if (!call.session.hasCloneMapping()) {   // getCloneMapping() would make an empty map to say so
            return;
        }
        Map<Object, Object> clones = call.session.getCloneMapping();
        Set<Object> stale = new LinkedHashSet<>();
        for (Object managed : clones.keySet()) {
            if (type.isInstance(managed) && id.equals(((BaseEntity) managed).getId())) {
                stale.add(managed);
            }
        }
        stale.forEach(call.jpa::detach);
    }

    private void check(Shape shape, String attribute, Object value) {
        if (value instanceof String text) {
            String problem = StorableText.problemOf(text);
            if (problem != null) {
                throw new InvalidValueException(type.getSimpleName(), attribute, problem);
            }
        }
        Validator validator = Validators.VALIDATOR;
        if (validator != null && shape.constrained(validator, attribute)) {
            Set<? extends ConstraintViolation<T>> violations = validator.validateValue(type, attribute, value);
            if (!violations.isEmpty()) {
                throw new ConstraintViolationException(type.getSimpleName() + "." + attribute + " is not valid: "
                        + violations.iterator().next().getMessage(), Set.copyOf(violations));
            }
        }
    }

    /** What one write works with: the EntityManager unwrapped once, its unit of work and the entity's shape. */
    private final class Call {
        final JpaEntityManager jpa = em.unwrap(JpaEntityManager.class);
        final UnitOfWorkImpl session = (UnitOfWorkImpl) jpa.getActiveSession();
        final ClassDescriptor descriptor = descriptorOf(jpa, type);
        final Shape shape = Shape.of(descriptor, type);
    }

    private static ClassDescriptor descriptorOf(JpaEntityManager jpa, Class<?> type) {
        ClassDescriptor descriptor = jpa.getServerSession().getDescriptor(type);
        if (descriptor == null) {
            throw new IllegalArgumentException(type.getName() + " is not an entity of this persistence unit");
        }
        if (descriptor.shouldBeReadOnly()) {   // e.g. the audit trail's Activity: EclipseLink never writes it either
            throw new InvalidValueException(type.getSimpleName(), null, "is read-only (@ReadOnly): it cannot be written");
        }
        return descriptor;
    }

    /**
     * What every direct write of one entity shares, kept on its descriptor (so per persistence unit):
     * table and column names, and the statements' text per kind and set of attributes, so a write
     * builds no SQL.
     */
    private static final class Shape {
        private static final String PROPERTY = "tenantry.direct-write-shape";
        /** Distinct statement texts kept per entity; further sets of attributes build theirs on each call. */
        private static final int MAX_STATEMENTS = 256;

        final String table;
        final String idColumn;
        final String version;
        final String updatedAt;
        final String createdAt;
        /** {@code deleted_at}'s column for a soft-deletable entity, else null. */
        final String deletedAt;
        final boolean soft;
        final Set<String> tenantColumns;
        /** {@code SELECT version ... WHERE id AND tenant AND live}: why a checked write found no row. */
        final String currentVersion;
        /** Why this entity cannot be inserted in one statement, or {@code null} when it can. */
        final String insertRefusal;
        /** {@code WHERE id AND tenant AND live}, over the table as {@code t}. */
        private final String where;
        /** Column → attribute of the basic attributes an insert writes (not the bookkeeping ones). */
        private final Map<String, String> attributes = new java.util.HashMap<>();
        private final Class<?> type;
        private final Map<String, String> statements = new ConcurrentHashMap<>();
        private final Map<String, Boolean> constrained = new ConcurrentHashMap<>();
        private final Map<String, WriteQuery> queries = new ConcurrentHashMap<>();

        private Shape(ClassDescriptor descriptor, Class<?> type) {
            this.type = type;
            this.table = descriptor.getTableName();
            this.idColumn = column(descriptor, "id");
            this.version = ((VersionLockingPolicy) descriptor.getOptimisticLockingPolicy()).getWriteLockField().getName();
            this.updatedAt = column(descriptor, "updatedAt");
            this.createdAt = column(descriptor, "createdAt");
            this.soft = SoftDeletableEntity.class.isAssignableFrom(type);
            this.deletedAt = soft ? column(descriptor, "deletedAt") : null;
            Set<String> tenant = TenantColumns.of(descriptor).keySet();   // in the order the tenant values come
            this.tenantColumns = Set.copyOf(tenant);
            StringBuilder where = new StringBuilder(" WHERE t.").append(idColumn).append(" = ?");
            tenant.forEach(c -> where.append(" AND t.").append(c).append(" = ?"));
            if (deletedAt != null) {
                where.append(" AND t.").append(deletedAt).append(" IS NULL");
            }
            this.where = where.toString();
            this.currentVersion = "SELECT t." + version + " FROM " + table + " t" + this.where;
            this.insertRefusal = descriptor.hasInheritance() ? "is part of an inheritance hierarchy: insert it with save()"
                    : descriptor.getTables().size() > 1 ? "is stored in several tables: insert it with save()" : null;
            for (DatabaseMapping mapping : descriptor.getMappings()) {
                if (mapping instanceof DirectToFieldMapping direct && !MAINTAINED.contains(direct.getAttributeName())) {
                    attributes.putIfAbsent(direct.getField().getName(), direct.getAttributeName());
                }
            }
        }

        /** @return the basic attribute written to {@code column}, or {@code null} (tenant, bookkeeping, foreign key) */
        String attributeOf(String column) {
            return attributes.get(column);
        }

        /**
         * {@code INSERT INTO table (columns) VALUES (...) RETURNING ...}: a NULL value is written as the
         * literal (its type is the column's, where a bound null would need one), a {@link Typed} one as a
         * cast parameter, the others as parameters; their values are added to {@code parameters}.
         * Returns the version for a statement alone, the whole row (and the version as
         * {@value DirectWrite#VERSION}) for one that listeners join.
         */
        String insert(List<String> columns, List<Object> values, List<Object> parameters, boolean wholeRow) {
            StringBuilder key = new StringBuilder(wholeRow ? "INSERT*:" : "INSERT:");
            for (int i = 0; i < columns.size(); i++) {
                Object value = values.get(i);
                key.append(columns.get(i)).append(value == null ? "=null," : value instanceof Typed t ? "::" + t.type() + "," : ",");
                if (value != null) {
                    parameters.add(value instanceof Typed t ? t.text() : value);
                }
            }
            String sql = statements.get(key.toString());
            if (sql == null) {
                StringBuilder insert = new StringBuilder("INSERT INTO ").append(table).append(" (")
                        .append(String.join(", ", columns)).append(") VALUES (");
                for (int i = 0; i < values.size(); i++) {
                    Object value = values.get(i);
                    insert.append(i == 0 ? "" : ", ").append(value == null ? "NULL"
                            : value instanceof Typed t ? "CAST(? AS " + t.type() + ")" : "?");
                }
                insert.append(") RETURNING ").append(wholeRow ? "*, " + version + " AS " + DirectWrite.VERSION : version);
                sql = insert.toString();
                if (statements.size() < MAX_STATEMENTS) {
                    String raced = statements.putIfAbsent(key.toString(), sql);
                    sql = raced == null ? sql : raced;
                }
            }
            return sql;
        }

        static Shape of(ClassDescriptor descriptor, Class<?> type) {
            Shape shape = (Shape) descriptor.getProperty(PROPERTY);
            if (shape == null) {
                synchronized (descriptor) {
                    shape = (Shape) descriptor.getProperty(PROPERTY);
                    if (shape == null) {
                        shape = new Shape(descriptor, type);
                        descriptor.setProperty(PROPERTY, shape);
                    }
                }
            }
            return shape;
        }

        /** The write without its WHERE: {@code UPDATE table t SET ...} or {@code DELETE FROM table t}. */
        String write(DirectWrite.Kind kind, java.util.Collection<String> columns) {
            return switch (kind) {
                case UPDATE -> {
                    StringBuilder set = new StringBuilder("UPDATE ").append(table).append(" t SET ");
                    columns.forEach(c -> set.append(c).append(" = ?, "));
                    // the database's clock at the statement's start (STABLE, so Citus evaluates it once on the coordinator)
                    yield set.append(version).append(" = t.").append(version).append(" + 1, ").append(updatedAt)
                            .append(" = statement_timestamp()").toString();
                }
                case SOFT_DELETE -> "UPDATE " + table + " t SET " + deletedAt + " = statement_timestamp(), " + updatedAt
                        + " = statement_timestamp(), " + version + " = t." + version + " + 1";
                case DELETE -> "DELETE FROM " + table + " t";
                case INSERT -> throw new IllegalArgumentException("an insert is built by insert(...)");
            };
        }

        /** The whole statement of a write that no listener joins. */
        String alone(DirectWrite.Kind kind, java.util.Collection<String> columns, boolean checked) {
            String key = kind.name() + (checked ? "+v:" : ":") + String.join(",", columns);
            String sql = statements.get(key);
            if (sql == null) {
                sql = write(kind, columns) + where + (checked ? " AND t." + version + " = ?" : "") + " RETURNING t."
                        + version;
                if (statements.size() < MAX_STATEMENTS) {
                    String raced = statements.putIfAbsent(key, sql);
                    sql = raced == null ? sql : raced;
                }
            }
            return sql;
        }

        /**
         * The EclipseLink query that runs a statement in autocommit, prepared once per text (at most
         * {@value #MAX_STATEMENTS} per entity; further texts are prepared on each call).
         */
        WriteQuery query(String sql) {
            WriteQuery query = queries.get(sql);
            if (query == null) {
                query = new WriteQuery(sql);
                if (queries.size() < MAX_STATEMENTS) {
                    WriteQuery raced = queries.putIfAbsent(sql, query);
                    query = raced == null ? query : raced;
                }
            }
            return query;
        }

        /** Whether Bean Validation has anything to check on the attribute (most have nothing). */
        boolean constrained(Validator validator, String attribute) {
            return constrained.computeIfAbsent(attribute,
                    a -> validator.getConstraintsForClass(type).getConstraintsForProperty(a) != null);
        }

        private static String column(ClassDescriptor descriptor, String attribute) {
            return ((DirectToFieldMapping) descriptor.getMappingForAttributeName(attribute)).getField().getName();
        }
    }

    /** The validator, when Bean Validation has a provider here. */
    private static final class Validators {
        static final Validator VALIDATOR = build();

        private static Validator build() {
            try {
                return Validation.buildDefaultValidatorFactory().getValidator();
            } catch (RuntimeException | LinkageError e) {
                return null;   // no provider: the database's constraints still hold
            }
        }
    }

    private record Extra(String sql, List<?> parameters) {
    }

    /** A value bound as text and cast in the statement to {@code type}, so the driver binds it typed. */
    private record Typed(String text, String type) {
    }

    /**
     * A write that returns rows ({@code RETURNING}), run by EclipseLink as a data read on the
     * EntityManager's read connection, but never re-run: EclipseLink repeats a read outside a
     * transaction on a fresh connection when the first one was lost, which for a write could apply it
     * twice (its first run may have committed before the connection went).
     */
    private static final class WriteQuery extends DataReadQuery {
        private static final long serialVersionUID = 1L;

        WriteQuery(String sql) {
            super(new SQLCall(sql));
            setResultType(DataReadQuery.ARRAY);
            // EclipseLink refuses native SQL in a unit with tenant entities unless allowed: this statement binds the tenant itself
            setAllowNativeSQLQuery(true);
            int parameters = 0;
            for (int i = 0; i < sql.length(); i++) {
                if (sql.charAt(i) == '?') {
                    addArgument(String.valueOf(++parameters));
                }
            }
        }

        /** Not a read, for EclipseLink's retry after a lost connection (the only place it asks, for this query). */
        @Override
        public boolean isReadQuery() {
            return false;
        }
    }

    private static final class Statement implements DirectWrite {
        private final Kind kind;
        private final EntityManager em;
        private final Class<?> entity;
        private final String table;
        private final String idColumn;
        private final UUID id;
        private final Map<String, Object> tenant;
        private final Map<String, String> columns;
        private final Object inserted;
        private final List<Extra> extras = new ArrayList<>();

        Statement(Kind kind, EntityManager em, Class<?> entity, String table, String idColumn, UUID id,
                  Map<String, Object> tenant, Map<String, String> columns, Object inserted) {
            this.kind = kind;
            this.em = em;
            this.entity = entity;
            this.table = table;
            this.idColumn = idColumn;
            this.id = id;
            // both maps are built for this write alone and never changed after: listeners get read-only views
            this.tenant = java.util.Collections.unmodifiableMap(tenant);
            this.columns = java.util.Collections.unmodifiableMap(columns);
            this.inserted = inserted;
        }

        @Override
        public Object inserted() {
            return inserted;
        }

        /** Appends the listeners' statements as further expressions of the write's {@code WITH}, and their parameters. */
        void appendExtras(StringBuilder sql, List<Object> parameters) {
            int n = 0;
            for (Extra extra : extras) {
                sql.append(", tenantry_listener_").append(n++).append(" AS (").append(extra.sql()).append(")");
                parameters.addAll(extra.parameters());
            }
        }

        @Override
        public Kind kind() {
            return kind;
        }

        @Override
        public EntityManager entityManager() {
            return em;
        }

        @Override
        public Class<?> entity() {
            return entity;
        }

        @Override
        public String table() {
            return table;
        }

        @Override
        public String idColumn() {
            return idColumn;
        }

        @Override
        public UUID id() {
            return id;
        }

        @Override
        public Map<String, Object> tenant() {
            return tenant;
        }

        @Override
        public Map<String, String> columns() {
            return columns;
        }

        @Override
        public void addStatement(String sql, List<?> parameters) {
            extras.add(new Extra(Objects.requireNonNull(sql, "sql"), java.util.Collections.unmodifiableList(new ArrayList<>(parameters))));
        }
    }
}
