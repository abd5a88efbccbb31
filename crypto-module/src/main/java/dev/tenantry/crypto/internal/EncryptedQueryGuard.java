package dev.tenantry.crypto.internal;

import dev.tenantry.crypto.EncryptedQueryException;
import java.util.function.Predicate;
import org.eclipse.persistence.descriptors.ClassDescriptor;
import org.eclipse.persistence.expressions.Expression;
import org.eclipse.persistence.expressions.ExpressionBuilder;
import org.eclipse.persistence.expressions.ExpressionOperator;
import org.eclipse.persistence.internal.expressions.CompoundExpression;
import org.eclipse.persistence.internal.expressions.ConstantExpression;
import org.eclipse.persistence.internal.expressions.FunctionExpression;
import org.eclipse.persistence.internal.expressions.QueryKeyExpression;
import org.eclipse.persistence.internal.expressions.RelationExpression;
import org.eclipse.persistence.internal.sessions.AbstractSession;
import org.eclipse.persistence.mappings.DatabaseMapping;
import org.eclipse.persistence.queries.DatabaseQuery;
import org.eclipse.persistence.sessions.Session;
import org.eclipse.persistence.sessions.SessionEvent;
import org.eclipse.persistence.sessions.SessionEventAdapter;

/**
 * Refuses, before it runs, a query whose selection criteria compare an encrypted attribute: its stored
 * values are randomized ciphertexts, so the comparison could never match and the query would silently
 * find (or change) nothing. Installed once per session by the crypto converters when they are
 * initialized, so only units with encrypted attributes pay for it: a walk of each query's criteria.
 */
public final class EncryptedQueryGuard extends SessionEventAdapter {

    private final Predicate<DatabaseMapping> encrypted;

    private EncryptedQueryGuard(Predicate<DatabaseMapping> encrypted) {
        this.encrypted = encrypted;
    }

    /**
     * Installs the guard on {@code session} unless it has it already.
     *
     * @param session   a session being logged in (its client sessions and units of work inherit its listeners)
     * @param encrypted which mappings are encrypted
     */
    public static void install(Session session, Predicate<DatabaseMapping> encrypted) {
        if (session instanceof AbstractSession s && s.getEventManager().getListeners().stream()
                .noneMatch(EncryptedQueryGuard.class::isInstance)) {
            s.getEventManager().addListener(new EncryptedQueryGuard(encrypted));
        }
    }

    @Override
    public void preExecuteQuery(SessionEvent event) {
        DatabaseQuery query = event.getQuery();
        Expression criteria = query == null ? null : query.getSelectionCriteria();
        if (criteria != null && event.getSession() instanceof AbstractSession session) {
            check(criteria, query, session);
        }
    }

    private void check(Expression e, DatabaseQuery query, AbstractSession session) {
        if (e instanceof RelationExpression r && (isNull(r.getFirstChild()) || isNull(r.getSecondChild()))) {
            return;   // "= NULL" becomes IS NULL
        }
        if (e instanceof CompoundExpression c) {
            check(c.getFirstChild(), query, session);
            check(c.getSecondChild(), query, session);
        } else if (e instanceof FunctionExpression f) {
            int operator = f.getOperator() == null ? -1 : f.getOperator().getSelector();
            if (operator == ExpressionOperator.IsNull || operator == ExpressionOperator.NotNull) {
                return;
            }
            for (Expression child : f.getChildren()) {
                check(child, query, session);
            }
        } else if (e instanceof QueryKeyExpression key) {
            ClassDescriptor owner = descriptorOf(key.getBaseExpression(), query, session);
            DatabaseMapping mapping = owner == null ? null : owner.getObjectBuilder().getMappingForAttributeName(key.getName());
            if (mapping != null && encrypted.test(mapping)) {
                throw new EncryptedQueryException(owner.getJavaClass() == null ? owner.getAlias()
                        : owner.getJavaClass().getSimpleName(), mapping.getAttributeName());
            }
        }
    }

    /**
     * The descriptor of the entity an expression's path ends at: a query's builder stands for its
     * reference class (the expression is resolved only when the query is prepared, after this check).
     */
    private static ClassDescriptor descriptorOf(Expression base, DatabaseQuery query, AbstractSession session) {
        if (base instanceof ExpressionBuilder builder) {
            Class<?> type = builder.getQueryClass() != null ? builder.getQueryClass() : query.getReferenceClass();
            return type == null ? null : session.getDescriptor(type);
        }
        if (base instanceof QueryKeyExpression path) {
            ClassDescriptor owner = descriptorOf(path.getBaseExpression(), query, session);
            DatabaseMapping mapping = owner == null ? null : owner.getObjectBuilder().getMappingForAttributeName(path.getName());
            return mapping == null ? null : mapping.getReferenceDescriptor();
        }
        return null;
    }

    private static boolean isNull(Expression e) {
        return e instanceof ConstantExpression c && c.getValue() == null;
    }
}
