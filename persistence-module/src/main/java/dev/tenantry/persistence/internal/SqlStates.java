package dev.tenantry.persistence.internal;

/** What a PostgreSQL SQLState says about the session its statement ran on. Stateless. */
public final class SqlStates {

    private SqlStates() {
    }

    /**
     * @param state an SQLState, or {@code null}
     * @return whether the connection is gone: class 08 (connection exception) or 57P0x (the server is
     *         shutting down, or terminated the backend); what the statement did is then unknown to the
     *         client unless its transaction had not committed
     */
    public static boolean connectionLost(String state) {
        return state != null && (state.startsWith("08") || state.startsWith("57P0"));
    }

    /**
     * @param state an SQLState, or {@code null}
     * @return whether the database refused the statement for a passing reason of its own, the session
     *         intact and nothing written: it accepts no writes (25006: a hot standby after a failover, or
     *         {@code default_transaction_read_only} for maintenance), it lacks resources (class 53: disk,
     *         memory, connections, a configured limit), a system or I/O error (class 58), or a lock was not
     *         granted in time (55P03, {@code lock_timeout})
     */
    public static boolean refusedForNow(String state) {
        return state != null && (state.equals("25006") || state.startsWith("53") || state.startsWith("58")
                || state.equals("55P03"));
    }

    /**
     * @param state an SQLState, or {@code null}
     * @return whether it says the database accepts no writes (25006)
     */
    public static boolean readOnly(String state) {
        return "25006".equals(state);
    }
}
