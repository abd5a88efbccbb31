package dev.tenantry.persistence.spi;

import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A single-statement write about to run, as {@link DirectWriteListener}s see it. The write is one SQL
 * statement of data-modifying common table expressions: {@value #BEFORE} holds the row as it was
 * (locked, of the EntityManager's tenant, live unless the write is a restore) and {@value #AFTER} the
 * row as written — one row each when the write happens, none in {@value #AFTER} when the version
 * check fails. Both have the id column, the row's version as {@value #VERSION} and, for an update or
 * an insert, the columns it sets (under their column names). An {@link Kind#INSERT insert} has no
 * {@value #BEFORE}: its {@value #AFTER} holds the new row, and {@link #inserted()} the entity it was
 * built from.
 */
public interface DirectWrite {

    /** Name of the expression holding the row before the write. */
    String BEFORE = "tenantry_before";

    /** Name of the expression holding the row after the write. */
    String AFTER = "tenantry_after";

    /** Name of the version column in {@link #BEFORE} and {@link #AFTER}. */
    String VERSION = "tenantry_version";

    /** What the statement does. */
    enum Kind {
        /** inserts a new row */
        INSERT,
        /** sets attributes */
        UPDATE,
        /** sets {@code deleted_at} */
        SOFT_DELETE,
        /** deletes the row for real */
        DELETE
    }

    /** @return what the statement does */
    Kind kind();

    /** @return the EntityManager the write runs through (its tenant, its properties) */
    EntityManager entityManager();

    /** @return the entity class */
    Class<?> entity();

    /** @return the table */
    String table();

    /** @return the id column */
    String idColumn();

    /** @return the row's id */
    UUID id();

    /** @return the tenant discriminator columns and the values the statement is bound to (empty for entities without tenant) */
    Map<String, Object> tenant();

    /**
     * @return attribute name → column name of what an update sets, or of the basic attributes an
     *         insert writes (tenant and bookkeeping columns aside), in order; empty for deletes
     */
    Map<String, String> columns();

    /**
     * @return for an {@link Kind#INSERT insert}, the entity the row is written from, after its
     *         {@code @PrePersist} callbacks (its id and times are set; read it, do not change it);
     *         {@code null} for the other kinds
     */
    Object inserted();

    /**
     * Adds a data-modifying expression to the statement, run once after the write, e.g.
     * {@code INSERT INTO log (...) SELECT ... FROM tenantry_before b JOIN tenantry_after a ON true}.
     *
     * @param sql        the expression's statement, with {@code ?} parameters
     * @param parameters its parameter values, in order
     */
    void addStatement(String sql, List<?> parameters);
}
