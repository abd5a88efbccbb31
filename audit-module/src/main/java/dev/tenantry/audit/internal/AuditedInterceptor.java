package dev.tenantry.audit.internal;

import dev.tenantry.audit.AuditException;
import dev.tenantry.audit.Audited;
import dev.tenantry.persistence.PersistenceSettings;
import dev.tenantry.persistence.internal.Config;
import dev.tenantry.tenancy.CurrentTenant;
import dev.tenantry.tenancy.TenantId;
import jakarta.annotation.Priority;
import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.text.MessageFormat;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;

/** Writes the Activity of an {@link Audited} business method, inside its transaction, when it returns. */
@Audited
@Interceptor
@Priority(Interceptor.Priority.APPLICATION)
public class AuditedInterceptor {

    @Inject
    CurrentTenant tenant;

    @Resource(lookup = "java:comp/TransactionSynchronizationRegistry")
    TransactionSynchronizationRegistry transactions;

    private volatile DataSource dataSource;

    @AroundInvoke
    Object audit(InvocationContext invocation) throws Exception {
        Audited audited = invocation.getMethod().getAnnotation(Audited.class);
        if (audited == null) {
            audited = invocation.getMethod().getDeclaringClass().getAnnotation(Audited.class);
        }
        if (audited == null || audited.type().isEmpty()) {
            return invocation.proceed();
        }
        String operation = invocation.getMethod().getDeclaringClass().getSimpleName() + "." + invocation.getMethod().getName();
        if (transactions.getTransactionKey() == null) {
            throw new AuditException("@Audited " + operation + " must run in a transaction, so that its activity"
                    + " commits or rolls back with it: annotate it @Transactional");
        }
        TenantId org = tenant.require("@Audited " + operation);
        Object result = invocation.proceed();
        String description = audited.description().isEmpty() ? null
                : MessageFormat.format(audited.description(), invocation.getParameters());
        try (Connection connection = dataSource().getConnection()) {   // enlisted in the running transaction
            ActivityWriter.write(connection, org.value(), audited.type(), null, null, description, "{}");
        }
        return result;
    }

    private DataSource dataSource() throws NamingException, SQLException {
        DataSource ds = dataSource;
        if (ds == null) {
            ds = InitialContext.doLookup(Config.get(PersistenceSettings.DATASOURCE, PersistenceSettings.DEFAULT_DATASOURCE));
            dataSource = ds;
        }
        return ds;
    }
}
