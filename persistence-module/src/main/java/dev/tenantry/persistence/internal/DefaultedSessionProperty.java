package dev.tenantry.persistence.internal;

import org.eclipse.persistence.expressions.Expression;
import org.eclipse.persistence.internal.expressions.ParameterExpression;
import org.eclipse.persistence.internal.sessions.AbstractRecord;
import org.eclipse.persistence.internal.sessions.AbstractSession;
import org.eclipse.persistence.queries.DatabaseQuery;

/**
 * A criteria parameter read from the EntityManager's properties, with a default when unset.
 *
 * <p>EclipseLink's own property parameters (as in {@code @AdditionalCriteria("... :name")}) fail
 * every query with EclipseLink-6174 unless each EntityManager or the persistence unit sets the
 * property. Soft delete must work with an unchanged {@code persistence.xml}, so its switch defaults
 * to {@code "false"} here. Contract with EclipseLink 4.0: {@code ParameterExpression.getValue} is
 * how a bound property value is obtained. When the entity is a second alias of a query (a join),
 * EclipseLink rebuilds or "twists" the criteria onto that alias and may produce a plain
 * {@code ParameterExpression}; both paths are overridden to keep this class and its default.
 */
final class DefaultedSessionProperty extends ParameterExpression {

    private static final long serialVersionUID = 1L;

    private final String defaultValue;

    DefaultedSessionProperty(String name, Expression base, String defaultValue) {
        super(name, base, null);
        setIsProperty(true);
        this.defaultValue = defaultValue;
    }

    @Override
    public Object getValue(AbstractRecord translationRow, DatabaseQuery query, AbstractSession session) {
        // the query's own session is the EntityManager's (its properties); the executing one may be the shared server session
        AbstractSession owner = query != null && query.getSession() != null ? query.getSession() : session;
        return valueFrom(owner);
    }

    @Override
    public Object getValue(AbstractRecord translationRow, AbstractSession session) {
        return valueFrom(session);
    }

    @Override
    public Expression rebuildOn(Expression newBase) {
        return keepDefault(super.rebuildOn(newBase));
    }

    @Override
    public Expression twistedForBaseAndContext(Expression newBase, Expression context, Expression oldBase) {
        return keepDefault(super.twistedForBaseAndContext(newBase, context, oldBase));
    }

    private Expression keepDefault(Expression copy) {
        if (copy instanceof ParameterExpression p && !(copy instanceof DefaultedSessionProperty)) {
            return new DefaultedSessionProperty(p.getField().getName(), p.getLocalBase(), defaultValue);
        }
        return copy;
    }

    private Object valueFrom(AbstractSession session) {
        Object value = session == null ? null : session.getProperty(getField().getName());
        return value == null ? defaultValue : String.valueOf(value);
    }
}
