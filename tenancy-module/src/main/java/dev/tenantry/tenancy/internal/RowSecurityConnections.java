package dev.tenantry.tenancy.internal;

import dev.tenantry.persistence.internal.JdbcCleanup;
import java.lang.reflect.Constructor;
import java.nio.charset.StandardCharsets;
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
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * JDBC connections whose statements tell PostgreSQL's row-level security their tenant in their own
 * round trip. A statement {@code X} prepared for a scope is sent as
 *
 * <pre>{@code SELECT set_config('tenantry.tenant_id', ?, true), set_config('tenantry.principal', ?, true); X}</pre>
 *
 * <p>(without the principal's call when the scope has no principal and the connection is in
 * autocommit).
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
 *
 * <p><b>Carried statements.</b> A statement given to {@link #carry} travels in the round trip of the
 * next statement prepared on the connection, between the prefix and {@code X} (the audit trail sends
 * an entity's Activity row with the entity's own INSERT or UPDATE this way). It runs once: a statement
 * that carried it and is executed again is prepared anew without it. Whatever has found no statement
 * to travel with by the time another kind of statement, a batch, a commit or {@link #flushCarried}
 * comes is run on its own first; a rollback drops it.
 *
 * <p><b>Carrying only.</b> A connection from {@link #wrapForCarrying} sets no scope (its unit has no
 * row-level security): statements pass through as they are, except the next one prepared after a
 * {@link #carry}, which takes the carried statements along in front of it, with nothing else added.
 */
public final class RowSecurityConnections {

    /** Sets the two settings the policies read, transaction-locally; two parameters. */
    /** The setting the policies read; published as {@code RowSecurityListener.SETTING}. */
    public static final String SETTING = "tenantry.tenant_id";
    /** The setting naming the caller; published as {@code RowSecurityListener.PRINCIPAL_SETTING}. */
    public static final String PRINCIPAL_SETTING = "tenantry.principal";
    private static final String SET = "SELECT set_config('" + SETTING + "', ?, true), set_config('"
            + PRINCIPAL_SETTING + "', ?, true)";
    /** {@link #SET} in front of a statement. */
    private static final String PREFIX = SET + "; ";
    /**
     * The tenant only, in front of a statement: for statements without a principal in autocommit,
     * whose implicit transaction begins with the pair, so no principal set earlier can be in force.
     * One function call less per statement (about 1 µs of a 30 µs find, RowSecurityBenchmark).
     */
    private static final String TENANT_PREFIX = "SELECT set_config('" + SETTING + "', ?, true); ";
    /**
     * {@link #PREFIX} for statements in autocommit. The text differs from the transactional one so the
     * driver never shares its cached query (and what it learned preparing it) between the two.
     */
    private static final String AUTOCOMMIT_PREFIX = SET + "; /* autocommit */ ";
    /**
     * Sets both settings on a Citus cluster, where {@code set_config} never reaches the workers: the
     * migration's {@code tenantry_set_scope} uses {@code SET LOCAL}, which Citus forwards to every
     * worker the transaction uses. It only reaches them inside a transaction, so on Citus a statement
     * in autocommit runs in a transaction of its own.
     */
    private static final String CITUS_SET = "SELECT tenantry_set_scope(?, ?)";
    /** {@link #CITUS_SET} in front of a statement. */
    private static final String CITUS_PREFIX = CITUS_SET + "; ";
    /**
     * Prefixed statements, by the caller's SQL, for each prefix: the same String each time, so the
     * driver's statement cache finds it without hashing and copying it again. Bounded: SQL beyond
     * the first {@value #CACHED_STATEMENTS} of each kind is prefixed on every call.
     */
    private static final Map<String, String> PREFIXED = new ConcurrentHashMap<>();
    private static final Map<String, String> TENANT_PREFIXED = new ConcurrentHashMap<>();
    private static final Map<String, String> AUTOCOMMIT_PREFIXED = new ConcurrentHashMap<>();
    private static final Map<String, String> CITUS_PREFIXED = new ConcurrentHashMap<>();
    private static final int CACHED_STATEMENTS = 2_000;

    /** {@link Connection#prepareStatement(String)}, for {@link #prepare}. */
    private static final Method PREPARE_STATEMENT;

    /** The constructors of the statement wrappers' proxy classes (made once, not looked up per statement). */
    private static final Constructor<?> PREPARED_STATEMENT_PROXY = proxyConstructor(PreparedStatement.class);
    private static final Constructor<?> STATEMENT_PROXY = proxyConstructor(Statement.class);
    /** Likewise for the connections: one is wrapped per transaction when a pool hands them out. */
    private static final Constructor<?> CONNECTION_PROXY = proxyConstructor(Connection.class);

    static {
        try {
            PREPARE_STATEMENT = Connection.class.getMethod("prepareStatement", String.class);
        } catch (NoSuchMethodException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static Constructor<?> proxyConstructor(Class<?> type) {
        try {
            return Proxy.newProxyInstance(RowSecurityConnections.class.getClassLoader(), new Class<?>[] {type},
                    (proxy, method, args) -> null).getClass().getConstructor(InvocationHandler.class);
        } catch (NoSuchMethodException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static Object newProxy(Constructor<?> proxy, InvocationHandler handler) {
        try {
            return proxy.newInstance(handler);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot make a statement wrapper", e);
        }
    }

    private RowSecurityConnections() {
    }

    /**
     * @param raw a connection
     * @return a connection whose statements carry the scope of the session it is bound to (see
     *         {@link #bind}), else the thread's {@link RowSecurityScope}
     */
    public static Connection wrap(Connection raw) throws SQLException {
        return wrap(raw, Citus.of(raw));
    }

    /**
     * @param raw   a connection
     * @param citus whether its database is on a Citus cluster (see {@link Citus})
     * @return a connection whose statements carry the scope of the session it is bound to (see
     *         {@link #bind}), else the thread's {@link RowSecurityScope}
     */
    public static Connection wrap(Connection raw, boolean citus) {
        if (handler(raw) != null) {
            return raw;
        }
        return (Connection) newProxy(CONNECTION_PROXY, new ConnectionHandler(raw, citus, true));
    }

    /**
     * For units without row-level security: a connection that only lets {@link #carry} attach statements
     * to the next one prepared (the audit trail's Activity rows travel in their entity's round trip).
     * It sets no tenant or principal and leaves every other statement as it is.
     *
     * @param raw   a connection
     * @param citus whether its database is on a Citus cluster (see {@link Citus})
     * @return the wrapper, or {@code raw} when it is a wrapper of this class already
     */
    public static Connection wrapForCarrying(Connection raw, boolean citus) {
        if (handler(raw) != null) {
            return raw;
        }
        return (Connection) newProxy(CONNECTION_PROXY, new ConnectionHandler(raw, citus, false));
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
     * Attaches a statement to the next one prepared on {@code connection}: it travels in that
     * statement's round trip, just before it, in its transaction and row-level security scope.
     *
     * @param connection a connection from {@link #wrap}
     * @param sql        one statement returning no rows (an INSERT)
     * @param parameters its parameters, in order (set with {@code setObject})
     * @return {@code false} when {@code connection} is no wrapper of this class: nothing was attached,
     *         the caller runs the statement itself
     */
    public static boolean carry(Connection connection, String sql, Object... parameters) {
        ConnectionHandler handler = handler(connection);
        if (handler == null) {
            return false;
        }
        handler.carried.add(new Carried(sql, parameters.clone(), handler.scope()));
        return true;
    }

    /**
     * @param connection a connection
     * @return whether it is a wrapper of this class whose statements carry the row-level security
     *         scope (one from {@link #wrap}, not {@link #wrapForCarrying})
     */
    public static boolean isScoping(Connection connection) {
        ConnectionHandler handler = handler(connection);
        return handler != null && handler.scoping;
    }

    /**
     * @param connection a connection
     * @return whether it is a wrapper of this class (so {@link #carry} works on it)
     */
    public static boolean isWrapped(Connection connection) {
        return handler(connection) != null;
    }

    /**
     * Runs, each on its own, the statements attached by {@link #carry} that no statement took along.
     *
     * @param connection a connection; no wrapper of this class: nothing to do
     * @throws SQLException when one fails
     */
    public static void flushCarried(Connection connection) throws SQLException {
        ConnectionHandler handler = handler(connection);
        if (handler != null) {
            handler.flush();
        }
    }

    /**
     * A statement travelling with the next one, its parameters, and the scope in force when it was
     * attached: run on its own, it carries that scope (the transaction's last statement may have set
     * another tenant's, or none, as when an organization is created).
     */
    private record Carried(String sql, Object[] parameters, RowSecurityScope scope) {

        void runOn(Connection raw, boolean citus) throws SQLException {
            try (PreparedStatement ps = scope.isSet() ? ScopedStatement.prepare(raw, citus, scope, PREPARE_STATEMENT,
                    new Object[] {sql}, null) : raw.prepareStatement(sql)) {
                for (int i = 0; i < parameters.length; i++) {
                    ps.setObject(i + 1, parameters[i]);
                }
                ps.executeUpdate();
            }
        }
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
        ConnectionHandler handler = handler(connection);
        return scope.isSet() ? ScopedStatement.prepare(raw, handler != null ? handler.citus : Citus.of(raw), scope,
                PREPARE_STATEMENT, new Object[] {sql}, null) : raw.prepareStatement(sql);
    }

    /** @return {@code sql} behind the prefix with both settings, or with the tenant's only */
    static String prefixed(String sql, boolean tenantOnly, boolean autocommit, boolean citus) {
        Map<String, String> cache = citus ? CITUS_PREFIXED : tenantOnly ? TENANT_PREFIXED : autocommit ? AUTOCOMMIT_PREFIXED : PREFIXED;
        String prefixed = cache.get(sql);
        if (prefixed == null) {
            prefixed = prefix(tenantOnly, autocommit, citus) + sql;
            if (cache.size() < CACHED_STATEMENTS) {
                cache.putIfAbsent(sql, prefixed);
            }
        }
        return prefixed;
    }

    private static String prefix(boolean tenantOnly, boolean autocommit, boolean citus) {
        return citus ? CITUS_PREFIX : tenantOnly ? TENANT_PREFIX : autocommit ? AUTOCOMMIT_PREFIX : PREFIX;
    }

    /**
     * Whether {@code statement}'s prefixed pair may run in autocommit as it is, making it one-shot for
     * this execution when needed. In autocommit the scope lasts for the implicit transaction of one
     * Sync, and pgjdbc sends a Sync of its own before a statement it has described (server-prepared,
     * from the fifth execution, with a parameter it binds untyped: timestamps, dates, times, nulls of
     * type OTHER...) whose rows have no bounded size — its guard against a full receive buffer. The
     * statement would then run without its tenant and see no rows (found with keyset pages by a
     * timestamp). A pair with an untyped parameter is therefore never server-prepared (so never
     * described); typed ones keep the driver's prepared statements.
     *
     * @return {@code false} when the driver's statement cannot be reached: run it in a transaction
     */
    static boolean safeInAutocommit(Statement statement) {
        try {
            Statement driver = PgjdbcInternals.driverStatement(statement);
            Boolean untyped = PgjdbcInternals.hasUntypedParameter(driver);
            if (Boolean.FALSE.equals(untyped)) {
                return true;
            }
            return PgjdbcInternals.runOneShot(driver);
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    /** pgjdbc's statement API and parameter types, reached reflectively: Tenantry does not compile against the driver. */
    private static final class PgjdbcInternals {
        // per class, computed once: these run before every autocommit statement under row-level security
        private static final ClassValue<java.util.Optional<Method>> PREPARE_THRESHOLD = classValue(PgjdbcInternals::prepareThresholdSetter);
        private static final ClassValue<java.util.Optional<java.lang.reflect.Field>> PARAMETERS = classValue(PgjdbcInternals::parametersField);
        private static final ClassValue<java.util.Optional<Method>> TYPE_OIDS = classValue(PgjdbcInternals::typeOidsGetter);
        private static final ClassValue<Boolean> PGJDBC = classValue(PgjdbcInternals::isPgjdbc);

        private static <T> ClassValue<T> classValue(java.util.function.Function<Class<?>, T> compute) {
            return new ClassValue<>() {
                @Override
                protected T computeValue(Class<?> type) {
                    return compute.apply(type);
                }
            };
        }

        private static final System.Logger LOG = System.getLogger(RowSecurityConnections.class.getName());
        private static final Map<Class<?>, Boolean> REPORTED = new ConcurrentHashMap<>();

        /**
         * The driver's own statement behind a pool's wrapper: {@code unwrap(Statement.class)} returns
         * the wrapper itself in some pools (Payara's), so pgjdbc's interface is asked for by name.
         */
        static Statement driverStatement(Statement statement) throws SQLException {
            Statement unwrapped = statement.unwrap(Statement.class);
            if (PGJDBC.get(unwrapped.getClass())) {
                return unwrapped;
            }
            for (ClassLoader loader : new ClassLoader[] {statement.getClass().getClassLoader(),
                    Thread.currentThread().getContextClassLoader(), RowSecurityConnections.class.getClassLoader()}) {
                try {
                    Class<?> pg = Class.forName("org.postgresql.PGStatement", false, loader);
                    if (statement.isWrapperFor(pg)) {
                        return (Statement) statement.unwrap(pg);
                    }
                } catch (ClassNotFoundException | LinkageError | RuntimeException e) {
                    // not visible from there
                }
            }
            if (REPORTED.putIfAbsent(statement.getClass(), Boolean.TRUE) == null) {
                LOG.log(System.Logger.Level.INFO, "Row-level security: the pool''s statements ({0}) do not unwrap to"
                        + " pgjdbc''s, so autocommit statements run in a transaction of their own", statement.getClass().getName());
            }
            return unwrapped;
        }

        private static boolean isPgjdbc(Class<?> type) {
            return pgStatementInterface(type).isPresent();
        }

        /**
         * @return pgjdbc's {@code org.postgresql.PGStatement} among the interfaces {@code type}
         *         implements, directly or through another interface (pgjdbc's statements implement it
         *         through {@code org.postgresql.core.BaseStatement})
         */
        private static java.util.Optional<Class<?>> pgStatementInterface(Class<?> type) {
            for (Class<?> c = type; c != null; c = c.getSuperclass()) {
                for (Class<?> i : c.getInterfaces()) {
                    java.util.Optional<Class<?>> found = pgStatementAmong(i);
                    if (found.isPresent()) {
                        return found;
                    }
                }
            }
            return java.util.Optional.empty();
        }

        private static java.util.Optional<Class<?>> pgStatementAmong(Class<?> type) {
            if (type.getName().equals("org.postgresql.PGStatement")) {
                return java.util.Optional.of(type);
            }
            for (Class<?> i : type.getInterfaces()) {
                java.util.Optional<Class<?>> found = pgStatementAmong(i);
                if (found.isPresent()) {
                    return found;
                }
            }
            return java.util.Optional.empty();
        }

        /** @return whether a parameter is bound without a type, or {@code null} when that cannot be read */
        static Boolean hasUntypedParameter(Statement driver) {
            java.util.Optional<java.lang.reflect.Field> field = PARAMETERS.get(driver.getClass());
            if (field.isEmpty()) {
                return null;
            }
            try {
                Object parameters = field.get().get(driver);
                java.util.Optional<Method> oids = TYPE_OIDS.get(parameters.getClass());
                if (oids.isEmpty()) {
                    return null;
                }
                for (int oid : (int[]) oids.get().invoke(parameters)) {
                    if (oid == 0) {
                        return true;
                    }
                }
                return false;
            } catch (ReflectiveOperationException | RuntimeException e) {
                return null;
            }
        }

        static boolean runOneShot(Statement driver) {
            java.util.Optional<Method> setter = PREPARE_THRESHOLD.get(driver.getClass());
            if (setter.isEmpty()) {
                return false;
            }
            try {
                setter.get().invoke(driver, 0);
                return true;
            } catch (ReflectiveOperationException | RuntimeException e) {
                return false;
            }
        }

        private static java.util.Optional<Method> typeOidsGetter(Class<?> type) {
            try {
                Method m = type.getMethod("getTypeOIDs");
                m.setAccessible(true);   // declared by pgjdbc's public ParameterList, implemented by package-private classes
                return java.util.Optional.of(m);
            } catch (ReflectiveOperationException | RuntimeException e) {
                return java.util.Optional.empty();
            }
        }

        private static java.util.Optional<java.lang.reflect.Field> parametersField(Class<?> type) {
            for (Class<?> c = type; c != null; c = c.getSuperclass()) {
                try {
                    java.lang.reflect.Field f = c.getDeclaredField("preparedParameters");
                    f.setAccessible(true);
                    return java.util.Optional.of(f);
                } catch (NoSuchFieldException e) {
                    // look further up
                } catch (RuntimeException e) {
                    return java.util.Optional.empty();
                }
            }
            return java.util.Optional.empty();
        }

        private static java.util.Optional<Method> prepareThresholdSetter(Class<?> type) {
            return pgStatementInterface(type).flatMap(pg -> {
                try {
                    return java.util.Optional.of(pg.getMethod("setPrepareThreshold", int.class));
                } catch (NoSuchMethodException e) {
                    return java.util.Optional.empty();
                }
            });
        }
    }

    private static ConnectionHandler handler(Connection connection) {
        return connection != null && Proxy.isProxyClass(connection.getClass())
                && Proxy.getInvocationHandler(connection) instanceof ConnectionHandler h ? h : null;
    }

    /** Sets the scope by a statement of its own: for what cannot carry it. */
    static void setSeparately(Connection raw, boolean citus, RowSecurityScope scope) throws SQLException {
        try (PreparedStatement ps = raw.prepareStatement(citus ? CITUS_SET : SET)) {
            setScope(ps, scope, true);
            ps.execute();
        }
    }

    /** Sets parameter 1 to the tenant and, with {@code principal}, 2 to the principal ("" for none). */
    static void setScope(PreparedStatement ps, RowSecurityScope scope, boolean principal) throws SQLException {
        ps.setString(1, scope.tenant() == null ? "" : scope.tenant().toString());
        if (principal) {
            ps.setString(2, scope.principal() == null ? "" : scope.principal());
        }
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
        final boolean citus;
        /** Whether statements carry the scope (row-level security); else this wrapper only carries statements. */
        final boolean scoping;
        volatile UUID tenant;
        /** Statements waiting for the next one prepared here (one thread uses a connection at a time). */
        final List<Carried> carried = new ArrayList<>();

        ConnectionHandler(Connection raw, boolean citus, boolean scoping) {
            this.raw = Objects.requireNonNull(raw, "raw");
            this.citus = citus;
            this.scoping = scoping;
        }

        /** Runs what still waits, each statement on its own, in order. */
        void flush() throws SQLException {
            while (!carried.isEmpty()) {
                carried.remove(0).runOn(raw, citus);
            }
        }

        /** @return what waits, now taken along by a statement */
        List<Carried> take() {
            if (carried.isEmpty()) {
                return List.of();
            }
            List<Carried> taken = new ArrayList<>(carried);
            carried.clear();
            return taken;
        }

        RowSecurityScope scope() {
            if (!scoping) {
                return RowSecurityScope.NONE;
            }
            RowSecurityScope thread = RowSecurityScope.current();
            UUID own = tenant;
            return own == null ? thread : new RowSecurityScope(own, thread.principal());
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            if (method.getDeclaringClass() == Object.class) {
                return ProxyIdentity.answer(proxy, method, args, "row-security connection over " + raw);
            }
            switch (method.getName()) {
                case "prepareStatement":
                    return prepareStatement(method, args);
                case "prepareCall":
                    flush();
                    RowSecurityScope scope = scope();
                    if (scope.isSet()) {
                        setSeparately(raw, citus, scope);
                    }
                    return RowSecurityConnections.invoke(raw, method, args);
                case "createStatement":
                    flush();
                    Statement statement = (Statement) RowSecurityConnections.invoke(raw, method, args);
                    RowSecurityScope current = scope();
                    return current.isSet() ? ScopedStatement.literal(raw, citus, statement, current) : statement;
                case "commit":
                    flush();
                    return RowSecurityConnections.invoke(raw, method, args);
                case "rollback":
                    carried.clear();
                    return RowSecurityConnections.invoke(raw, method, args);
                case "close":
                    try {
                        flush();   // under JTA the handle closes before the transaction manager commits
                    } catch (SQLException transactionAlreadyFailed) {
                        carried.clear();   // the statement failed, so the transaction cannot commit either
                    }
                    return RowSecurityConnections.invoke(raw, method, args);
                default:
                    return RowSecurityConnections.invoke(raw, method, args);
            }
        }

        private Object prepareStatement(Method method, Object[] args) throws Throwable {
            RowSecurityScope scope = scope();
            if (!scope.isSet() && (scoping || carried.isEmpty())) {
                flush();
                return RowSecurityConnections.invoke(raw, method, args);
            }
            if (method.getParameterCount() == 2) {
                // generated keys (int flag, column indexes or names): the driver rewrites the statement
                flush();
                if (scope.isSet()) {
                    setSeparately(raw, citus, scope);
                }
                return RowSecurityConnections.invoke(raw, method, args);
            }
            return ScopedStatement.prepare(raw, citus, scope, method, args, this);
        }
    }

    /** A prepared statement with the scope prefix, or a plain statement whose SQL gets a literal one. */
    private static final class ScopedStatement implements InvocationHandler {

        private final Connection raw;
        private final boolean citus;           // the scope is set by tenantry_set_scope, in a transaction
        private Statement target;
        private final RowSecurityScope scope;
        private final boolean prepared;        // else a plain statement, whose SQL comes with execute
        private final Method prepare;          // the Connection.prepareStatement overload the caller used
        private final Object[] prepareArgs;    // and its arguments, the caller's SQL first
        private final int scopeParameters;     // 2 (tenant and principal), 1 (tenant only, see TENANT_PREFIX) or 0
        private final boolean carryOnly;       // prepared with carried statements in front and no scope (wrapForCarrying)
        private boolean autocommit;            // prepared to run in autocommit (its text)
        private int prefixParameters;          // the scope's, and those of the carried statements
        private List<Carried> carried;         // written into target's SQL, travelling with its first execution
        private boolean carriedSent;           // they went (with an execution, or on their own): never again
        private final ConnectionHandler connection;   // to hand back carried statements never sent; may be null
        private final List<Parameter> parameters = new ArrayList<>();   // since the last addBatch, for the batch
        private final Map<Integer, Parameter> current = new java.util.HashMap<>();   // in force, by caller's index
        private Statement batch;
        private boolean batchScopeSet;

        /** A parameter setter call, numbered as in the caller's SQL. */
        private record Parameter(Method setter, Object[] args) {
        }

        private ScopedStatement(Connection raw, boolean citus, Statement target, RowSecurityScope scope, Method prepare,
                                Object[] prepareArgs, int scopeParameters, List<Carried> carried, ConnectionHandler connection) {
            this.raw = raw;
            this.citus = citus;
            this.target = target;
            this.scope = scope;
            this.prepared = prepare != null;
            this.prepare = prepare;
            this.prepareArgs = prepareArgs;
            this.scopeParameters = scopeParameters;
            this.carryOnly = prepared && !scope.isSet();
            this.carried = carried;
            this.connection = connection;
            int count = scopeParameters;
            for (Carried c : carried) {
                count += c.parameters().length;
            }
            this.prefixParameters = count;
        }

        /**
         * The prefix's parameters: the tenant, and the principal unless the prefix is the tenant's only;
         * then those of the carried statements.
         */
        private void setPrefixParameters() throws SQLException {
            PreparedStatement ps = (PreparedStatement) target;
            if (scopeParameters > 0) {
                setScope(ps, scope, scopeParameters == 2);
            }
            int index = scopeParameters;
            for (Carried c : carried) {
                for (Object value : c.parameters()) {
                    ps.setObject(++index, value);
                }
            }
        }

        /**
         * The carried statements went with an execution (or on their own): later executions must not
         * repeat them, so the statement is prepared again without them and the caller's parameters in
         * force are set on it once more.
         */
        private void dropCarried() throws SQLException {
            if (carried.isEmpty() || !carriedSent) {
                return;
            }
            carried = List.of();
            carriedSent = false;
            prefixParameters = scopeParameters;
            Object[] args = prepareArgs.clone();
            args[0] = carryOnly ? prepareArgs[0] : prefixed((String) prepareArgs[0], scopeParameters == 1, autocommit, citus);
            Statement fresh;
            try {
                fresh = (Statement) RowSecurityConnections.invoke(raw, prepare, args);
            } catch (SQLException e) {
                throw e;
            } catch (Throwable e) {
                throw new SQLException(e);
            }
            target.close();
            target = fresh;
            setPrefixParameters();
            for (Parameter p : current.values()) {
                Object[] shifted = p.args().clone();
                shifted[0] = (Integer) p.args()[0] + prefixParameters;
                try {
                    RowSecurityConnections.invoke(target, p.setter(), shifted);
                } catch (SQLException e) {
                    throw e;
                } catch (Throwable e) {
                    throw new SQLException(e);
                }
            }
        }

        /** Sends the carried statements on their own (a batch or a generated-keys execution cannot take them). */
        private void sendCarriedSeparately() throws SQLException {
            if (carried.isEmpty() || carriedSent) {
                return;
            }
            carriedSent = true;
            for (Carried c : carried) {
                c.runOn(raw, citus);
            }
        }

        /**
         * @param prepare the {@code Connection.prepareStatement} overload to use
         * @param args    its arguments, the caller's SQL first
         */
        /**
         * @param prepare    the {@code Connection.prepareStatement} overload to use
         * @param args       its arguments, the caller's SQL first
         * @param connection the wrapper whose carried statements go along, or {@code null}
         */
        static PreparedStatement prepare(Connection raw, boolean citus, RowSecurityScope scope, Method prepare, Object[] args,
                                         ConnectionHandler connection) throws SQLException {
            boolean autocommit = raw.getAutoCommit();
            boolean tenantOnly = scope.principal() == null && autocommit && !citus;
            List<Carried> carried = connection == null ? List.of() : connection.take();
            Object[] prefixed = args.clone();
            if (carried.isEmpty()) {
                prefixed[0] = prefixed((String) args[0], tenantOnly, autocommit, citus);
            } else {
                StringBuilder sql = new StringBuilder(scope.isSet() ? prefix(tenantOnly, autocommit, citus) : "");
                for (Carried c : carried) {
                    sql.append(c.sql()).append("; ");
                }
                prefixed[0] = sql.append((String) args[0]).toString();
            }
            PreparedStatement ps;
            try {
                ps = (PreparedStatement) RowSecurityConnections.invoke(raw, prepare, prefixed);
            } catch (SQLException e) {
                if (connection != null) {
                    connection.carried.addAll(0, carried);   // not sent: they still wait
                }
                throw e;
            } catch (Throwable e) {
                if (connection != null) {
                    connection.carried.addAll(0, carried);
                }
                throw new SQLException(e);
            }
            ScopedStatement handler = new ScopedStatement(raw, citus, ps, scope, prepare, args,
                    !scope.isSet() ? 0 : tenantOnly ? 1 : 2, carried, connection);
            handler.autocommit = autocommit;
            handler.setPrefixParameters();
            return (PreparedStatement) newProxy(PREPARED_STATEMENT_PROXY, handler);
        }

        static Statement literal(Connection raw, boolean citus, Statement statement, RowSecurityScope scope) {
            return (Statement) newProxy(STATEMENT_PROXY, new ScopedStatement(raw, citus, statement, scope, null, null, 0,
                    List.of(), null));
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            String name = method.getName();
            if (prepared && method.getDeclaringClass() == PreparedStatement.class && name.startsWith("set")
                    && args != null && args.length >= 2 && args[0] instanceof Integer index) {
                Object[] shifted = args.clone();
                shifted[0] = index + prefixParameters;
                Parameter parameter = new Parameter(method, args);   // the proxy passes a fresh array per call
                parameters.add(parameter);
                current.put(index, parameter);
                return RowSecurityConnections.invoke(target, method, shifted);
            }
            if (method.getDeclaringClass() == Object.class) {
                return ProxyIdentity.answer(proxy, method, args, "row-security statement over " + target);
            }
            switch (name) {
                case "clearParameters":
                    ((PreparedStatement) target).clearParameters();
                    setPrefixParameters();
                    parameters.clear();
                    current.clear();
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
                    batchScopeSet = false;   // the next batch (maybe in another transaction) sets its scope again
                    return RowSecurityConnections.invoke(batch == null ? target : batch, method, args);
                case "close":
                    if (!carried.isEmpty() && !carriedSent && connection != null) {
                        connection.carried.addAll(0, carried);   // never executed: they still wait
                        carriedSent = true;
                    }
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
            int skip = carryOnly ? 0 : 1;
            if (prepared) {
                if (args != null && args.length > 0) {
                    throw new SQLException("A PreparedStatement takes no SQL when it is executed");
                }
                if (scopeParameters == 1 && !raw.getAutoCommit()) {
                    // prepared in autocommit, run in a transaction: a principal an earlier statement
                    // of it set must not stay in force
                    setSeparately(raw, citus, scope);
                }
                dropCarried();   // carried by an earlier execution: prepare without them
                skip += carried.size();
            }
            // on Citus; or prepared in a transaction (its text may be described), or the driver
            // unreachable: the pair runs in an explicit transaction, which no Sync of the driver's ends
            // and whose SET LOCAL Citus forwards. Carried statements without a scope likewise, so that
            // they commit only with the statement that took them along.
            boolean ownTransaction = raw.getAutoCommit()
                    && (carryOnly ? !carried.isEmpty() : citus || prepared && !(autocommit && safeInAutocommit(target)));
            if (ownTransaction) {
                raw.setAutoCommit(false);
            }
            Exception failure = null;
            try {
                if (prepared) {
                    ((PreparedStatement) target).execute();
                } else {
                    target.execute(literalPrefix() + args[0]);
                }
                if (ownTransaction) {
                    raw.commit();
                }
            } catch (SQLException | RuntimeException e) {
                failure = e;
                throw e;
            } finally {
                carriedSent = true;   // sent, and part of the transaction whether X succeeded or not
                if (ownTransaction) {
                    // the statement's failure (a unique violation, a lost connection) is the one to classify;
                    // after the commit the driver has nothing to roll back and sends nothing
                    JdbcCleanup.after(failure, raw::rollback, () -> raw.setAutoCommit(true));
                }
            }
            for (int i = 0; i < skip; i++) {
                target.getMoreResults();
            }
        }

        private Object withSeparateScope(Method method, Object[] args) throws Throwable {
            sendCarriedSeparately();
            if (!carryOnly) {
                setSeparately(raw, citus, scope);
            }
            return RowSecurityConnections.invoke(target, method, args);
        }

        private void addBatch(Object[] args) throws Throwable {
            sendCarriedSeparately();   // the batch is a statement of its own, prepared without them
            if (!batchScopeSet && !carryOnly) {
                setSeparately(raw, citus, scope);
                batchScopeSet = true;
            }
            if (!prepared) {
                target.addBatch((String) args[0]);
                return;
            }
            if (batch == null) {
                batch = (Statement) RowSecurityConnections.invoke(raw, prepare, prepareArgs);
            }
            for (Parameter p : parameters) {
                RowSecurityConnections.invoke(batch, p.setter(), p.args());
            }
            parameters.clear();
            ((PreparedStatement) batch).addBatch();
        }

        /**
         * The scope as SQL text, for plain statements, which take no parameters. The principal is an
         * arbitrary name, so it never enters the text as it is: it travels hex-encoded (digits and
         * a-f only, nothing that can end a literal) and the server decodes it. The tenant is a UUID.
         */
        private String literalPrefix() throws SQLException {
            String principal = scope.principal() == null ? "" : scope.principal();
            if (principal.indexOf('\0') >= 0) {
                throw new SQLFeatureNotSupportedException("A principal name cannot hold a NUL character");
            }
            String tenant = scope.tenant() == null ? "" : scope.tenant().toString();
            String principalText = "convert_from(decode('" + HexFormat.of().formatHex(principal.getBytes(StandardCharsets.UTF_8))
                    + "', 'hex'), 'UTF8')";
            if (citus) {
                return "SELECT tenantry_set_scope('" + tenant + "', " + principalText + "); ";
            }
            return "SELECT set_config('" + SETTING + "', '" + tenant + "', true), set_config('"
                    + PRINCIPAL_SETTING + "', " + principalText + ", true); ";
        }
    }
}
