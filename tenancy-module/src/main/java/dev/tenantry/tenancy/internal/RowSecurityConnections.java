package dev.tenantry.tenancy.internal;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * JDBC connections whose statements tell PostgreSQL's row-level security their tenant in their own
 * round trip. A statement {@code X} prepared for a scope is sent as
 *
 * <pre>{@code SELECT set_config('tenantry.tenant_id', ?, true), set_config('tenantry.principal', ?, true); X}</pre>
 *
 * <p>pgjdbc sends both statements before a single Sync, so they share one transaction: the explicit
 * one when there is one, else the implicit transaction PostgreSQL gives the pair. The setting is
 * transaction-local either way, so no connection ever carries it past its transaction, and every
 * statement carries its own scope: a transaction that serves two tenants' EntityManagers tells each
 * statement its own tenant. Parameters keep their numbers; {@code executeQuery}, {@code executeUpdate}
 * and {@code execute} answer for {@code X}.
 *
 * <p>Where the setting cannot travel with the statement — batches, stored procedure calls,
 * statements returning generated keys — it is set by a statement of its own just before, which lasts
 * for the rest of the transaction; in autocommit such a statement sees no tenant (fails closed).
 */
public final class RowSecurityConnections {

    /** The two settings the policies read, as a prefix with two parameters. */
    static final String PREFIX = "SELECT set_config('tenantry.tenant_id', ?, true), set_config('tenantry.principal', ?, true); ";
    private static final int PREFIX_PARAMETERS = 2;

    private RowSecurityConnections() {
    }

    /**
     * @param raw a connection
     * @return a connection whose statements carry the scope of the session it is bound to (see
     *         {@link #bind}), else the thread's {@link RowSecurityScope}
     */
    public static Connection wrap(Connection raw) {
        if (handler(raw) != null) {
            return raw;
        }
        return (Connection) Proxy.newProxyInstance(RowSecurityConnections.class.getClassLoader(),
                new Class<?>[] {Connection.class}, new ConnectionHandler(raw));
    }

    /**
     * @param connection a connection from {@link #wrap}; others are ignored
     * @param tenant     the tenant of the EntityManager that now holds it, or null (unbound: the
     *                   thread's scope applies)
     */
    public static void bind(Connection connection, UUID tenant) {
        ConnectionHandler handler = handler(connection);
        if (handler != null) {
            handler.tenant = tenant;
        }
    }

    /**
     * @param connection a connection
     * @return the connection under a wrapper of this class, or the connection itself
     */
    public static Connection raw(Connection connection) {
        ConnectionHandler handler = handler(connection);
        return handler == null ? connection : handler.raw;
    }

    /**
     * Prepares {@code sql} to run in {@code scope}, in the same round trip.
     *
     * @param connection a connection (a wrapper of this class is looked through)
     * @param scope      tenant and principal
     * @param sql        one statement
     * @return a statement whose parameters are numbered as in {@code sql}
     * @throws SQLException as {@link Connection#prepareStatement(String)}
     */
    public static PreparedStatement prepare(Connection connection, RowSecurityScope scope, String sql) throws SQLException {
        Connection raw = raw(connection);
        return scope.isSet() ? ScopedStatement.prepare(raw, scope, sql, new Object[] {sql}, new Class<?>[] {String.class})
                : raw.prepareStatement(sql);
    }

    private static ConnectionHandler handler(Connection connection) {
        return connection != null && Proxy.isProxyClass(connection.getClass())
                && Proxy.getInvocationHandler(connection) instanceof ConnectionHandler h ? h : null;
    }

    /** Sets the scope by a statement of its own: for what cannot carry it. */
    static void setSeparately(Connection raw, RowSecurityScope scope) throws SQLException {
        try (PreparedStatement ps = raw.prepareStatement(PREFIX.substring(0, PREFIX.length() - 2))) {
            setScope(ps, scope, 0);
            ps.execute();
        }
    }

    static void setScope(PreparedStatement ps, RowSecurityScope scope, int offset) throws SQLException {
        ps.setString(offset + 1, scope.tenant() == null ? "" : scope.tenant().toString());
        ps.setString(offset + 2, scope.principal() == null ? "" : scope.principal());
    }

    static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static final class ConnectionHandler implements InvocationHandler {

        final Connection raw;
        volatile UUID tenant;

        ConnectionHandler(Connection raw) {
            this.raw = Objects.requireNonNull(raw, "raw");
        }

        RowSecurityScope scope() {
            RowSecurityScope thread = RowSecurityScope.current();
            UUID own = tenant;
            return own == null ? thread : new RowSecurityScope(own, thread.principal());
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            switch (method.getName()) {
                case "equals":
                    return proxy == args[0];
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "toString":
                    return "row-security connection over " + raw;
                case "prepareStatement":
                    return prepareStatement(method, args);
                case "prepareCall":
                    RowSecurityScope scope = scope();
                    if (scope.isSet()) {
                        setSeparately(raw, scope);
                    }
                    return RowSecurityConnections.invoke(raw, method, args);
                case "createStatement":
                    Statement statement = (Statement) RowSecurityConnections.invoke(raw, method, args);
                    RowSecurityScope current = scope();
                    return current.isSet() ? ScopedStatement.literal(raw, statement, current) : statement;
                default:
                    return RowSecurityConnections.invoke(raw, method, args);
            }
        }

        private Object prepareStatement(Method method, Object[] args) throws Throwable {
            RowSecurityScope scope = scope();
            if (!scope.isSet()) {
                return RowSecurityConnections.invoke(raw, method, args);
            }
            Class<?>[] types = method.getParameterTypes();
            if (types.length == 2) {
                // generated keys (int flag, column indexes or names): the driver rewrites the statement
                setSeparately(raw, scope);
                return RowSecurityConnections.invoke(raw, method, args);
            }
            return ScopedStatement.prepare(raw, scope, (String) args[0], args, types);
        }
    }

    /** A prepared statement with the scope prefix, or a plain statement whose SQL gets a literal one. */
    private static final class ScopedStatement implements InvocationHandler {

        private final Connection raw;
        private final Statement target;
        private final RowSecurityScope scope;
        private final String sql;              // prepared: the caller's SQL; plain: null
        private final Object[] prepareArgs;
        private final Class<?>[] prepareTypes;
        private final List<Object[]> parameters = new ArrayList<>();
        private final List<Method> setters = new ArrayList<>();
        private Statement batch;
        private boolean batchScopeSet;

        private ScopedStatement(Connection raw, Statement target, RowSecurityScope scope, String sql,
                                Object[] prepareArgs, Class<?>[] prepareTypes) {
            this.raw = raw;
            this.target = target;
            this.scope = scope;
            this.sql = sql;
            this.prepareArgs = prepareArgs;
            this.prepareTypes = prepareTypes;
        }

        static PreparedStatement prepare(Connection raw, RowSecurityScope scope, String sql, Object[] args,
                                         Class<?>[] types) throws SQLException {
            Object[] prefixed = args.clone();
            prefixed[0] = PREFIX + sql;
            PreparedStatement ps;
            try {
                ps = (PreparedStatement) Connection.class.getMethod("prepareStatement", types).invoke(raw, prefixed);
            } catch (InvocationTargetException e) {
                throw e.getCause() instanceof SQLException s ? s : new SQLException(e.getCause());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
            setScope(ps, scope, 0);
            return (PreparedStatement) Proxy.newProxyInstance(RowSecurityConnections.class.getClassLoader(),
                    new Class<?>[] {PreparedStatement.class}, new ScopedStatement(raw, ps, scope, sql, args, types));
        }

        static Statement literal(Connection raw, Statement statement, RowSecurityScope scope) {
            return (Statement) Proxy.newProxyInstance(RowSecurityConnections.class.getClassLoader(),
                    new Class<?>[] {Statement.class}, new ScopedStatement(raw, statement, scope, null, null, null));
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            String name = method.getName();
            if (sql != null && method.getDeclaringClass() == PreparedStatement.class && name.startsWith("set")
                    && args != null && args.length >= 2 && args[0] instanceof Integer index) {
                Object[] shifted = args.clone();
                shifted[0] = index + PREFIX_PARAMETERS;
                setters.add(method);
                parameters.add(args.clone());
                return RowSecurityConnections.invoke(target, method, shifted);
            }
            switch (name) {
                case "equals":
                    return proxy == args[0];
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "toString":
                    return "row-security statement over " + target;
                case "clearParameters":
                    ((PreparedStatement) target).clearParameters();
                    setScope((PreparedStatement) target, scope, 0);
                    setters.clear();
                    parameters.clear();
                    return null;
                case "executeQuery":
                    run(args);
                    ResultSet rs = target.getResultSet();
                    if (rs == null) {
                        throw new SQLException("No results were returned by the query.", "02000");
                    }
                    return rs;
                case "executeUpdate":
                case "executeLargeUpdate":
                    if (args != null && args.length > 1) {
                        return withSeparateScope(method, args);
                    }
                    run(args);
                    if (target.getResultSet() != null) {
                        throw new SQLException("A result was returned when none was expected.", "0100E");
                    }
                    return name.equals("executeUpdate") ? (Object) target.getUpdateCount() : (Object) target.getLargeUpdateCount();
                case "execute":
                    if (args != null && args.length > 1) {
                        return withSeparateScope(method, args);
                    }
                    run(args);
                    return target.getResultSet() != null;
                case "addBatch":
                    addBatch(args);
                    return null;
                case "executeBatch":
                case "executeLargeBatch":
                case "clearBatch":
                    return RowSecurityConnections.invoke(batch == null ? target : batch, method, args);
                case "close":
                    if (batch != null) {
                        batch.close();
                    }
                    target.close();
                    return null;
                default:
                    return RowSecurityConnections.invoke(target, method, args);
            }
        }

        /** Runs the pair and moves to the caller's result. */
        private void run(Object[] args) throws SQLException {
            if (sql != null) {
                if (args != null && args.length > 0) {
                    throw new SQLException("A PreparedStatement takes no SQL when it is executed");
                }
                ((PreparedStatement) target).execute();
            } else {
                target.execute(literalPrefix() + args[0]);
            }
            target.getMoreResults();
        }

        private Object withSeparateScope(Method method, Object[] args) throws Throwable {
            setSeparately(raw, scope);
            return RowSecurityConnections.invoke(target, method, args);
        }

        private void addBatch(Object[] args) throws Throwable {
            if (!batchScopeSet) {
                setSeparately(raw, scope);
                batchScopeSet = true;
            }
            if (sql == null) {
                target.addBatch((String) args[0]);
                return;
            }
            if (batch == null) {
                try {
                    batch = (Statement) Connection.class.getMethod("prepareStatement", prepareTypes).invoke(raw, prepareArgs);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            }
            for (int i = 0; i < setters.size(); i++) {
                RowSecurityConnections.invoke(batch, setters.get(i), parameters.get(i));
            }
            setters.clear();
            parameters.clear();
            ((PreparedStatement) batch).addBatch();
        }

        private String literalPrefix() throws SQLException {
            String principal = scope.principal() == null ? "" : scope.principal();
            String tag = "$tenantry$";
            for (int n = 0; principal.contains(tag); n++) {
                tag = "$tenantry" + n + "$";
            }
            if (principal.indexOf('\0') >= 0) {
                throw new SQLFeatureNotSupportedException("A principal name cannot hold a NUL character");
            }
            return "SELECT set_config('tenantry.tenant_id', '" + (scope.tenant() == null ? "" : scope.tenant()) + "', true),"
                    + " set_config('tenantry.principal', " + tag + principal + tag + ", true); ";
        }
    }
}
