package dev.tenantry.persistence.internal;

import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.BeanManager;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * Beans of the application that Tenantry's own beans cannot see when the server keeps them apart.
 * With the Tenantry jars on Payara's class path, the beans {@link ServerLibraryBeans} adds live in
 * bean archives of their own, which the deployment sees but which see none of the deployment's
 * beans (its EntityManager bean, its seeds). The deployment's BeanManager ({@code java:comp/BeanManager}
 * of the calling module) sees both.
 */
public final class ModuleBeans {

    private ModuleBeans() {
    }

    /**
     * @param injected what Tenantry's bean was injected with
     * @param type     the bean type (default qualifier)
     * @param <T>      the bean type
     * @return {@code injected}, unless nothing satisfies it and the calling module's BeanManager is
     *         available: then that module's beans of the type
     */
    public static <T> Instance<T> orModules(Instance<T> injected, Class<T> type) {
        if (!injected.isUnsatisfied()) {
            return injected;
        }
        BeanManager module = moduleBeanManager();
        return module == null ? injected : module.createInstance().select(type);
    }

    /**
     * @param tenantrys the BeanManager of Tenantry's bean
     * @param injected  what Tenantry's bean was injected with
     * @param type      the bean type (default qualifier)
     * @param <T>       the bean type
     * @return the calling module's beans of the type when {@link ServerLibraryBeans} added Tenantry's
     *         beans to this deployment (they would see only Tenantry's own), else {@code injected}
     */
    public static <T> Instance<T> all(BeanManager tenantrys, Instance<T> injected, Class<T> type) {
        boolean added = ServerLibraryBeans.of(tenantrys).map(ServerLibraryBeans::added).orElse(false);
        BeanManager module = added ? moduleBeanManager() : null;
        return module == null ? injected : module.createInstance().select(type);
    }

    /** @return the calling module's BeanManager ({@code java:comp/BeanManager}), or null outside a module */
    static BeanManager moduleBeanManager() {
        try {
            return (BeanManager) new InitialContext().lookup("java:comp/BeanManager");
        } catch (NamingException | RuntimeException e) {
            return null;   // not in a module's context (a unit test, a thread of the application's own)
        }
    }
}
