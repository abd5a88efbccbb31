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
}
