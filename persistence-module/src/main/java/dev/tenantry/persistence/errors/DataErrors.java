package dev.tenantry.persistence.errors;

import java.lang.reflect.Method;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Recognises constraint violations under whatever JPA, EclipseLink or JTA exceptions wrap them.
 *
 * <p>Stateless and thread-safe.
 */
public final class DataErrors {

    private static final String UNIQUE = "23505";
    private static final String FOREIGN_KEY = "23503";
    private static final String NOT_NULL = "23502";
    private static final String CHECK = "23514";

    private DataErrors() {
    }

    /**
     * Finds a constraint violation in {@code failure}'s cause chain.
     *
     * @param failure anything thrown by a flush, commit or statement
     * @return the typed exception to throw instead, or empty when the failure is not a violation
     */
    public static Optional<DataIntegrityException> translate(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof DataIntegrityException already) {
                return Optional.of(already);
            }
            if (t instanceof SQLException sql) {
                Optional<DataIntegrityException> typed = fromSqlException(sql, failure);
                if (typed.isPresent()) {
                    return typed;
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Throws the typed exception for {@code failure} if it is a constraint violation, otherwise
     * returns {@code failure} for the caller to rethrow.
     *
     * @param failure what a flush, commit or statement threw
     * @param <X>     its type
     * @return {@code failure}, when it is not a constraint violation
     */
    public static <X extends RuntimeException> X rethrowTyped(X failure) {
        Optional<DataIntegrityException> typed = translate(failure);
        if (typed.isPresent()) {
            throw typed.get();
        }
        return failure;
    }

    private static Optional<DataIntegrityException> fromSqlException(SQLException sql, Throwable root) {
        String state = sql.getSQLState();
        if (state == null) {
            return Optional.empty();
        }
        ServerDetail d = ServerDetail.of(sql);
        String where = d.table == null ? "" : " on table " + d.table;
        return Optional.ofNullable(switch (state) {
            case UNIQUE -> new UniqueViolationException("Unique constraint " + d.constraint + " violated" + where
                    + ": another row already has this value. Use a different value or update the existing row.",
                    d.constraint, state, d.table, d.column, root);
            case FOREIGN_KEY -> new ForeignKeyViolationException("Foreign key " + d.constraint + " violated" + where
                    + ": the row refers to a row that does not exist, or is still referred to by another row. "
                    + "Create or keep the referenced row first.", d.constraint, state, d.table, d.column, root);
            case NOT_NULL -> new NotNullViolationException("Column " + (d.column == null ? "?" : d.column)
                    + where + " must not be null. Provide a value.", d.constraint, state, d.table, d.column, root);
            case CHECK -> new CheckViolationException("Check constraint " + d.constraint + " violated" + where
                    + ": a value is outside what the table allows.", d.constraint, state, d.table, d.column, root);
            default -> null;
        });
    }

    /** The structured fields PostgreSQL sends with an error, read without a compile-time driver dependency. */
    record ServerDetail(String constraint, String table, String column) {

        /**
         * The structured fields, else names quoted in the message (constraint errors only: no values
         * there). An error a Citus worker raised names a shard ({@code projects_name_live_key_102123})
         * and may carry no constraint field: the names are given without the shard's suffix.
         */
        static ServerDetail of(SQLException sql) {
            Object msg = serverErrorMessage(sql);
            ServerDetail structured = structured(msg);
            ServerDetail quoted = new ServerDetail(quoted(sql.getMessage(), "constraint \""),
                    quoted(sql.getMessage(), "relation \""), quoted(sql.getMessage(), "column \""));
            ServerDetail d = structured == null ? quoted : new ServerDetail(
                    structured.constraint != null ? structured.constraint : quoted.constraint,
                    structured.table != null ? structured.table : quoted.table,
                    structured.column != null ? structured.column : quoted.column);
            return fromCitusWorker(msg) ? new ServerDetail(withoutShard(d.constraint), withoutShard(d.table), d.column) : d;
        }

        /** Whether a Citus worker raised the error (the coordinator relays it with this context). */
        private static boolean fromCitusWorker(Object msg) {
            try {
                String where = msg == null ? null : field(msg, "getWhere");
                return where != null && where.contains("while executing command on");
            } catch (ReflectiveOperationException | RuntimeException notPgJdbc) {
                return false;
            }
        }

        /** {@code name} without a shard id suffix ({@code _102123}): the logical table's or constraint's name. */
        static String withoutShard(String name) {
            return name == null ? null : name.replaceFirst("_[0-9]{4,}$", "");
        }

        /**
         * The structured fields only, never the message: for errors whose message may quote the value.
         *
         * @return the fields, or {@code null} when the driver sends none (not pgjdbc, or a wrapper)
         */
        static ServerDetail structured(SQLException sql) {
            return structured(serverErrorMessage(sql));
        }

        /** @param msg pgjdbc's {@code ServerErrorMessage}, or null */
        private static ServerDetail structured(Object msg) {
            try {
                if (msg != null) {
                    return new ServerDetail(field(msg, "getConstraint"), field(msg, "getTable"), field(msg, "getColumn"));
                }
            } catch (ReflectiveOperationException | RuntimeException notPgJdbc) {
                // another driver or a wrapper
            }
            return null;
        }

        /** @return pgjdbc's {@code ServerErrorMessage} of {@code sql}, or null (another driver, a wrapper) */
        private static Object serverErrorMessage(SQLException sql) {
            try {
                Method m = sql.getClass().getMethod("getServerErrorMessage");
                return m.invoke(sql);
            } catch (ReflectiveOperationException | RuntimeException notPgJdbc) {
                return null;
            }
        }

        private static String field(Object msg, String getter) throws ReflectiveOperationException {
            return (String) msg.getClass().getMethod(getter).invoke(msg);
        }

        private static String quoted(String message, String marker) {
            if (message == null) {
                return null;
            }
            int start = message.indexOf(marker);
            if (start < 0) {
                return null;
            }
            start += marker.length();
            int end = message.indexOf('"', start);
            return end < 0 ? null : message.substring(start, end);
        }
    }
}
