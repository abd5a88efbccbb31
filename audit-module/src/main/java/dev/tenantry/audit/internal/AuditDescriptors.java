package dev.tenantry.audit.internal;

import dev.tenantry.audit.ActivityTypes;
import dev.tenantry.audit.AuditException;
import dev.tenantry.audit.AuditExclude;
import dev.tenantry.audit.Audited;
import dev.tenantry.persistence.BaseEntity;
import dev.tenantry.tenancy.Membership;
import dev.tenantry.tenancy.Organization;
import dev.tenantry.tenancy.internal.RowSecurityConnections;
import dev.tenantry.tenancy.internal.RowSecurityConnector;
import dev.tenantry.tenancy.internal.SessionTenant;
import java.lang.reflect.Field;
import java.sql.Connection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.WeakHashMap;
import org.eclipse.persistence.config.DescriptorCustomizer;
import org.eclipse.persistence.descriptors.ClassDescriptor;
import org.eclipse.persistence.descriptors.DescriptorEvent;
import org.eclipse.persistence.descriptors.DescriptorEventAdapter;
import org.eclipse.persistence.internal.databaseaccess.Accessor;
import org.eclipse.persistence.internal.sessions.AbstractSession;
import org.eclipse.persistence.mappings.DatabaseMapping;
import org.eclipse.persistence.mappings.DirectToFieldMapping;
import org.eclipse.persistence.mappings.converters.Converter;
import org.eclipse.persistence.mappings.converters.EnumTypeConverter;
import org.eclipse.persistence.queries.WriteObjectQuery;
import org.eclipse.persistence.sessions.changesets.ChangeRecord;
import org.eclipse.persistence.sessions.changesets.DirectToFieldChangeRecord;
import org.eclipse.persistence.sessions.changesets.ObjectChangeSet;

/**
 * Change capture (run for each {@code BaseEntity} through {@code META-INF/services}): entities marked
 * {@link Audited}, and Tenantry's organizations and memberships, write an Activity from EclipseLink's
 * commit events, on the commit's own connection. Field values come from the change set EclipseLink
 * computed for the UPDATE (no re-read); fields with an attribute converter or {@link AuditExclude} are
 * recorded as changed without values.
 */
public final class AuditDescriptors implements DescriptorCustomizer {

    /** Bookkeeping attributes, not business changes. */
    private static final Set<String> NOISE = Set.of("id", "version", "createdAt", "updatedAt", "deletedAt");
    /** Converters that do not hide a value (Tenantry's UUID binding, enums). */
    private static final Set<String> TRANSPARENT_CONVERTERS = Set.of("dev.tenantry.persistence.internal.UuidConverter",
            EnumTypeConverter.class.getName());
    private static final Map<String, Object> REDACTED = Map.of("changed", true);
    /** Whether a mapping's values stay out of activities, decided once per mapping (converters are final by then). */
    private static final Map<DatabaseMapping, Boolean> HIDDEN = Collections.synchronizedMap(new WeakHashMap<>());

    @Override
    public void customize(ClassDescriptor descriptor) {
        Class<?> type = descriptor.getJavaClass();
        if (type == null) {
            return;
        }
        if (type == Organization.class) {
            descriptor.getEventManager().addListener(new OrganizationEvents());
        } else if (type == Membership.class) {
            descriptor.getEventManager().addListener(new MembershipEvents());
        } else if (type.isAnnotationPresent(Audited.class)) {
            descriptor.getEventManager().addListener(new EntityEvents(descriptor));
        }
    }

    /**
     * The metadata of a {@code created} activity: {@code {"changes": {attribute: {"new": value}}}} for
     * each basic attribute but the bookkeeping ones, hidden ones as changed.
     */
    static Map<String, ?> createdMetadata(ClassDescriptor descriptor, Object entity) {
        Map<String, Object> changes = new LinkedHashMap<>();
        for (DatabaseMapping mapping : descriptor.getMappings()) {
            if (mapping instanceof DirectToFieldMapping direct && !NOISE.contains(mapping.getAttributeName())) {
                Object value = direct.getAttributeValueFromObject(entity);
                changes.put(mapping.getAttributeName(), hidden(direct) ? REDACTED : mapOf("new", value));
            }
        }
        return Map.of("changes", changes);
    }

    /** created / updated / deleted of an {@link Audited} tenant entity. */
    private static final class EntityEvents extends DescriptorEventAdapter {

        /** Set on the write query when its activity was attached to its statement. */
        private static final String CARRIED = "tenantry.activity.carried";

        private final ClassDescriptor descriptor;
        private final String entity;

        EntityEvents(ClassDescriptor descriptor) {
            this.descriptor = descriptor;
            this.entity = descriptor.getJavaClass().getSimpleName();
        }

        // The activity is computed just before the entity's statement and travels with it in one round
        // trip when the connection has Tenantry's wrapper (the row-level security one, or in a unit without
        // it the statement-carrying one installed at the first audited write); otherwise (or when the
        // statement went another way, e.g. into a JDBC batch) it is written right after the statement.

        @Override
        public void aboutToInsert(DescriptorEvent event) {
            carry(event, ActivityTypes.CREATED, created(event));
        }

        @Override
        public void postInsert(DescriptorEvent event) {
            afterStatement(event, ActivityTypes.CREATED, () -> created(event));
        }

        @Override
        public void aboutToUpdate(DescriptorEvent event) {
            Map<String, Object> changes = changesOf(event, descriptor);
            if (!changes.isEmpty()) {
                carry(event, ActivityTypes.UPDATED, Map.of("changes", changes));
            }
        }

        @Override
        public void postUpdate(DescriptorEvent event) {
            afterStatement(event, ActivityTypes.UPDATED, () -> {
                Map<String, Object> changes = changesOf(event, descriptor);
                return changes.isEmpty() ? null : Map.of("changes", changes);
            });
        }

        @Override
        public void aboutToDelete(DescriptorEvent event) {
            carry(event, ActivityTypes.DELETED, Map.of());
        }

        @Override
        public void postDelete(DescriptorEvent event) {
            afterStatement(event, ActivityTypes.DELETED, Map::of);
        }

        private Map<String, ?> created(DescriptorEvent event) {
            return createdMetadata(descriptor, event.getObject());
        }

        private void carry(DescriptorEvent event, String type, Map<String, ?> metadata) {
            Connection connection = connectionForStatement(event);
            if (connection != null && !RowSecurityConnections.isWrapped(connection)) {
                // a unit without RowSecurityListener: from its next connection on, activities travel
                // in their entity's round trip there too; this one is written after its statement
                RowSecurityConnector.carryOn(event.getSession());
            }
            if (connection != null && event.getQuery() != null && ActivityWriter.carryWithNextStatement(connection,
                    tenantOf(event), type, entity, ((BaseEntity) event.getObject()).getId(), Json.object(metadata))) {
                event.getQuery().setProperty(CARRIED, Boolean.TRUE);
            }
        }

        /**
         * Writes what was not carried: the activity itself when nothing was attached before the
         * statement (no wrapper, or no about-to event), else whatever of it no statement took along.
         */
        private void afterStatement(DescriptorEvent event, String type, java.util.function.Supplier<Map<String, ?>> metadata) {
            Connection connection = connectionOf(event);
            if (event.getQuery() != null && event.getQuery().getProperty(CARRIED) != null) {
                event.getQuery().removeProperty(CARRIED);
                ActivityWriter.flushCarried(connection, type);
                return;
            }
            Map<String, ?> m = metadata.get();
            if (m != null) {
                ActivityWriter.writeAfterStatement(connection, tenantOf(event), type, entity,
                        ((BaseEntity) event.getObject()).getId(), null, Json.object(m));
            }
        }

        private UUID tenantOf(DescriptorEvent event) {
            UUID tenant = SessionTenant.of(event.getSession());
            if (tenant == null) {
                throw new AuditException("@Audited " + entity + " changed without a tenant: audited entities are"
                        + " tenant entities, changed through a tenant EntityManager");
            }
            return tenant;
        }
    }

    /** organization.created / organization.deleted, in the organization itself. */
    private static final class OrganizationEvents extends DescriptorEventAdapter {

        @Override
        public void postInsert(DescriptorEvent event) {
            Organization org = (Organization) event.getObject();
            ActivityWriter.writeAfterStatement(connectionOf(event), org.getId(), ActivityTypes.ORGANIZATION_CREATED, "Organization",
                    org.getId(), null, Json.object(Map.of("name", org.getName(), "slug", org.getSlug())));
        }

        @Override
        public void postDelete(DescriptorEvent event) {
            Organization org = (Organization) event.getObject();
            ActivityWriter.writeAfterStatement(connectionOf(event), org.getId(), ActivityTypes.ORGANIZATION_DELETED, "Organization",
                    org.getId(), null, Json.object(Map.of("slug", org.getSlug())));
        }
    }

    /** member.added / member.role-changed / member.removed, in the membership's organization. */
    private static final class MembershipEvents extends DescriptorEventAdapter {

        @Override
        public void postInsert(DescriptorEvent event) {
            Membership m = (Membership) event.getObject();
            write(event, m, ActivityTypes.MEMBER_ADDED, Map.of("principal", m.getPrincipal(), "role", m.getRole().name()));
        }

        @Override
        public void postUpdate(DescriptorEvent event) {
            Membership m = (Membership) event.getObject();
            Map<String, Object> changes = changesOf(event, event.getDescriptor());
            if (changes.containsKey("role")) {
                write(event, m, ActivityTypes.MEMBER_ROLE_CHANGED, Map.of("principal", m.getPrincipal(), "role",
                        changes.get("role")));
            }
        }

        @Override
        public void postDelete(DescriptorEvent event) {
            Membership m = (Membership) event.getObject();
            write(event, m, ActivityTypes.MEMBER_REMOVED, Map.of("principal", m.getPrincipal(), "role", m.getRole().name()));
        }

        private static void write(DescriptorEvent event, Membership m, String type, Map<String, ?> metadata) {
            ActivityWriter.writeAfterStatement(connectionOf(event), m.tenantId().value(), type, "Membership", m.getId(), null,
                    Json.object(metadata));
        }
    }

    /** Field-level old → new values of an UPDATE, from EclipseLink's change set. */
    static Map<String, Object> changesOf(DescriptorEvent event, ClassDescriptor descriptor) {
        Map<String, Object> changes = new LinkedHashMap<>();
        ObjectChangeSet changeSet = event.getChangeSet();
        if (changeSet == null && event.getQuery() instanceof WriteObjectQuery write) {   // postUpdate carries it here
            changeSet = write.getObjectChangeSet();
        }
        if (changeSet == null) {
            return changes;
        }
        for (ChangeRecord record : changeSet.getChanges()) {
            String attribute = record.getAttribute();
            if (NOISE.contains(attribute)) {
                continue;
            }
            DatabaseMapping mapping = descriptor.getMappingForAttributeName(attribute);
            if (mapping instanceof DirectToFieldMapping direct && record instanceof DirectToFieldChangeRecord values) {
                changes.put(attribute, hidden(direct) ? REDACTED : mapOf("old", values.getOldValue(), "new", values.getNewValue()));
            } else {
                changes.put(attribute, REDACTED);   // relations: that they changed
            }
        }
        return changes;
    }

    static boolean hidden(DirectToFieldMapping mapping) {
        return HIDDEN.computeIfAbsent(mapping, AuditDescriptors::inspectHidden);
    }

    private static boolean inspectHidden(DatabaseMapping databaseMapping) {
        DirectToFieldMapping mapping = (DirectToFieldMapping) databaseMapping;
        Converter converter = mapping.getConverter();
        if (converter != null && !TRANSPARENT_CONVERTERS.contains(converter.getClass().getName())) {
            return true;
        }
        Field field = fieldOf(mapping.getDescriptor().getJavaClass(), mapping.getAttributeName());
        return field != null && field.isAnnotationPresent(AuditExclude.class);
    }

    private static Field fieldOf(Class<?> type, String name) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            try {
                return c.getDeclaredField(name);
            } catch (NoSuchFieldException e) {
                // look further up
            }
        }
        return null;
    }

    private static Map<String, Object> mapOf(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    /** @return the connection the event's statement runs on, or {@code null} when none is taken yet */
    static Connection connectionOrNull(DescriptorEvent event) {
        var accessor = ((AbstractSession) event.getSession()).getAccessor();
        return accessor != null && accessor.getDatasourceConnection() instanceof Connection c ? c : null;
    }

    /**
     * The connection the event's statement is about to run on. Under JTA EclipseLink takes it only at the
     * transaction's first statement, so for the first write there is none yet here: it is taken now,
     * exactly as that statement would take it (the same pool, the same connection events, so the
     * tenant is bound first), and kept by the transaction. {@code null} when that cannot be done.
     */
    static Connection connectionForStatement(DescriptorEvent event) {
        Connection connection = connectionOrNull(event);
        if (connection != null) {
            return connection;
        }
        AbstractSession session = (AbstractSession) event.getSession();
        Accessor accessor = session.getAccessor();
        if (accessor == null || !accessor.isInTransaction() || !accessor.usesExternalConnectionPooling()
                || event.getQuery() == null) {
            return null;
        }
        accessor.incrementCallCount(session.getExecutionSession(event.getQuery()));
        accessor.decrementCallCount(); // in a transaction: the connection stays until it ends
        return connectionOrNull(event);
    }

    static Connection connectionOf(DescriptorEvent event) {
        Connection connection = connectionOrNull(event);
        if (connection == null) {
            throw new AuditException("No JDBC connection in the commit of " + event.getObject().getClass().getSimpleName());
        }
        return connection;
    }
}
