package dev.tenantry.audit.internal;

import dev.tenantry.audit.ActivityTypes;
import dev.tenantry.audit.AuditContext;
import dev.tenantry.audit.AuditException;
import dev.tenantry.audit.Audited;
import dev.tenantry.persistence.Uuids;
import dev.tenantry.persistence.spi.DirectWrite;
import dev.tenantry.persistence.spi.DirectWriteListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.persistence.descriptors.ClassDescriptor;
import org.eclipse.persistence.jpa.JpaEntityManager;
import org.eclipse.persistence.mappings.DirectToFieldMapping;

/**
 * The activity of a single-statement write ({@code Repository.direct()}) on an {@link Audited}
 * entity, written by the same SQL statement: {@code updated} with the old and new value of each
 * attribute that changed (values as PostgreSQL renders them in JSON; hidden attributes — encrypted,
 * {@code @AuditExclude} — only as changed), {@code deleted}, or {@code created} with the new values
 * (as an entity's insert records them). An update that changed nothing and a write that did not happen
 * (version conflict) leave no activity.
 */
public final class AuditDirectWrites implements DirectWriteListener {

    /**
     * The activity, from the write's before and after rows. {@code ON CONFLICT DO NOTHING} never fires
     * (the id is new) but lets Citus run the statement: it executes this INSERT ... SELECT over the
     * CTEs on the coordinator and would otherwise copy the row into the shard with COPY, which
     * PostgreSQL refuses under row-level security; with it, Citus inserts from an intermediate result.
     * Its time is the statement's (the written row's {@code updated_at}), and every parameter is bound
     * with a type (no timestamp, no null: no correlation id is an empty string), so under row-level
     * security in autocommit the statement stays server-prepared and travels with its tenant in one
     * round trip.
     */
    private static final String INSERT = activity(DirectWrite.BEFORE + " b JOIN " + DirectWrite.AFTER + " a ON true%s");

    /** The activity of an insert, which has no {@value DirectWrite#BEFORE}: its metadata is built from the entity. */
    private static final String INSERT_CREATED = activity(DirectWrite.AFTER + " a");

    /**
     * The activity row written from {@code source}, which names the written row {@code a}; to be
     * formatted with the id column and the metadata expression (then what {@code source} holds).
     */
    private static String activity(String source) {
        return "INSERT INTO activities (organization_id, id, created_at, updated_at, version, actor, type, entity_type,"
                + " entity_id, description, metadata, correlation_id) SELECT CAST(? AS uuid), ?, statement_timestamp(),"
                + " statement_timestamp(), 1, ?, ?, ?, a.%s, NULL, %s, NULLIF(?, '') FROM " + source + " ON CONFLICT DO NOTHING";
    }

    /** {@link #INSERT_CREATED} per id column (one, in practice): formatted once, not per insert. */
    private static final Map<String, String> CREATED_BY_ID_COLUMN = new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public void beforeWrite(DirectWrite write) {
        if (!write.entity().isAnnotationPresent(Audited.class)) {
            return;
        }
        if (write.tenant().size() != 1) {
            throw new AuditException("@Audited " + write.entity().getSimpleName() + " changed without a tenant:"
                    + " audited entities are tenant entities, changed through a tenant EntityManager");
        }
        String type;
        String sql;
        String created = null;   // an insert's metadata, bound as a parameter
        if (write.kind() == DirectWrite.Kind.INSERT) {
            type = ActivityTypes.CREATED;
            sql = CREATED_BY_ID_COLUMN.computeIfAbsent(write.idColumn(), c -> String.format(INSERT_CREATED, c, "CAST(? AS jsonb)"));
            ClassDescriptor descriptor = write.entityManager().unwrap(JpaEntityManager.class).getServerSession()
                    .getDescriptor(write.entity());
            created = Json.object(AuditDescriptors.createdMetadata(descriptor, write.inserted()));
        } else {
            type = write.kind() == DirectWrite.Kind.UPDATE ? ActivityTypes.UPDATED : ActivityTypes.DELETED;
            String metadata = "'{}'::jsonb";
            String where = "";
            if (write.kind() == DirectWrite.Kind.UPDATE) {
                String changes = changes(write);
                metadata = "jsonb_build_object('changes', " + changes + ")";
                where = " WHERE " + changes + " <> '{}'::jsonb";
            }
            sql = String.format(INSERT, write.idColumn(), metadata, where);
        }
        List<Object> parameters = new ArrayList<>(List.of(write.tenant().values().iterator().next().toString(),
                Uuids.timeOrdered(), AuditContext.actor(), ActivityTypes.check(type), write.entity().getSimpleName()));
        if (created != null) {
            parameters.add(created);
        }
        parameters.add(AuditContext.correlationId().orElse(""));
        write.addStatement(sql, parameters);
        ActivityWriter.WRITTEN.increment();
    }

    /** A jsonb expression: attribute → {old, new} for each set column whose value differs, hidden ones as changed. */
    private static String changes(DirectWrite write) {
        ClassDescriptor descriptor = write.entityManager().unwrap(JpaEntityManager.class).getServerSession()
                .getDescriptor(write.entity());
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, String> column : write.columns().entrySet()) {
            String attribute = column.getKey().replace("'", "''");
            String c = column.getValue();
            String value = AuditDescriptors.hidden((DirectToFieldMapping) descriptor.getMappingForAttributeName(column.getKey()))
                    ? "'{\"changed\": true}'::jsonb"
                    : "jsonb_build_object('old', b." + c + ", 'new', a." + c + ")";
            parts.add("CASE WHEN b." + c + " IS DISTINCT FROM a." + c + " THEN jsonb_build_object('" + attribute + "', "
                    + value + ") ELSE '{}'::jsonb END");
        }
        return "(" + String.join(" || ", parts) + ")";
    }
}
