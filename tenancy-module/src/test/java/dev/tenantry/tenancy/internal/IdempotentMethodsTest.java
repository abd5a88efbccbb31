package dev.tenantry.tenancy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantry.tenancy.Idempotent;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.enterprise.inject.Stereotype;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InterceptorBinding;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which methods {@link IdempotentMethods} refuses at deployment, and which it lets through. */
class IdempotentMethodsTest {

    @Test
    void aClassLevelAnnotationOverAnUnsafeMethodWithoutATransactionIsRefused() {
        assertThat(IdempotentMethods.outsideTransactions(Erasures.class)).containsExactly("Erasures.erase (POST)");
    }

    @Test
    void everyVerbTheFilterPassesAKeyOnCountsAndNoOther() {
        // a custom verb (PURGE) never carries a key to the interceptor, so it cannot fail at run time
        assertThat(IdempotentMethods.outsideTransactions(NoTransactions.class)).containsExactly(
                "NoTransactions.delete (DELETE)", "NoTransactions.patch (PATCH)", "NoTransactions.post (POST)",
                "NoTransactions.put (PUT)");
    }

    @Test
    void transactionalMethodsAndClassesPass() {
        assertThat(IdempotentMethods.outsideTransactions(TransactionalClass.class)).isEmpty();
        assertThat(IdempotentMethods.outsideTransactions(MethodLevel.class)).isEmpty();
    }

    @Test
    void aTransactionThatMayBeAbsentIsRefused() {
        assertThat(IdempotentMethods.outsideTransactions(Supports.class))
                .containsExactly("Supports.never (POST)", "Supports.notSupported (POST)", "Supports.supports (POST)");
    }

    @Test
    void sessionBeansRunInTheirContainersTransactionUnlessTheySayOtherwise() {
        assertThat(IdempotentMethods.outsideTransactions(StatelessResource.class))
                .containsExactly("StatelessResource.outside (POST)");
        assertThat(IdempotentMethods.outsideTransactions(BeanManaged.class)).containsExactly("BeanManaged.create (POST)");
    }

    @Test
    void theVerbMayBeDeclaredOnAnInterfaceOrASuperclass() {
        assertThat(IdempotentMethods.outsideTransactions(ImplementsApi.class)).containsExactly("ImplementsApi.create (POST)");
        assertThat(IdempotentMethods.outsideTransactions(InheritsVerb.class)).containsExactly("InheritsVerb.create (POST)");
    }

    @Test
    void aTransactionThroughAStereotypeOrAnotherInterceptorBindingCounts() {
        assertThat(IdempotentMethods.outsideTransactions(StereotypedResource.class)).isEmpty();
        assertThat(IdempotentMethods.outsideTransactions(BoundResource.class)).isEmpty();
        assertThat(IdempotentMethods.outsideTransactions(IdempotentByStereotype.class))
                .containsExactly("IdempotentByStereotype.create (POST)");
    }

    @Test
    void annotationsAnotherExtensionAddedCount() throws Exception {
        Transactional added = MethodLevel.class.getMethod("post").getAnnotation(Transactional.class);
        assertThat(IdempotentMethods.outsideTransactions(Erasures.class, Set.of(Erasures.class.getAnnotations()),
                m -> m.getName().equals("erase") ? Set.of(added) : Set.of(m.getAnnotations()))).isEmpty();
        assertThat(IdempotentMethods.outsideTransactions(TransactionalClass.class, Set.of(),
                m -> Set.of(m.getAnnotations()))).as("@Idempotent and @Transactional taken away").isEmpty();
    }

    @Test
    void interceptorsAndAbstractClassesAreNotChecked() {
        assertThat(IdempotentMethods.outsideTransactions(AnInterceptor.class)).isEmpty();
        assertThat(IdempotentMethods.outsideTransactions(AbstractResource.class)).isEmpty();
    }

    @Test
    void theLibrarysOwnInterceptorCarriesTheBindingAndIsSkipped() {
        assertThat(IdempotentMethods.outsideTransactions(IdempotencyInterceptor.class)).isEmpty();
    }

    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @jakarta.ws.rs.HttpMethod("PURGE")
    @interface PURGE {
    }

    @Stereotype
    @Transactional
    @Target(ElementType.TYPE)
    @Retention(RetentionPolicy.RUNTIME)
    @interface TransactionalResource {
    }

    @Stereotype
    @Idempotent
    @Target(ElementType.TYPE)
    @Retention(RetentionPolicy.RUNTIME)
    @interface KeyedResource {
    }

    @InterceptorBinding
    @Transactional
    @Target({ElementType.TYPE, ElementType.METHOD})
    @Retention(RetentionPolicy.RUNTIME)
    @interface Audited {
    }

    @TransactionalResource
    @Idempotent
    public static class StereotypedResource {
        @POST public void create() { }
    }

    @Idempotent
    public static class BoundResource {
        @POST @Audited public void create() { }
    }

    @KeyedResource
    public static class IdempotentByStereotype {
        @POST public void create() { }
    }

    @Idempotent
    public static class Erasures {
        @GET
        public String status() {
            return "";
        }

        @POST
        public void erase() {
        }

        @POST
        @Transactional
        public void create() {
        }
    }

    public static class NoTransactions {
        @Idempotent @POST public void post() { }
        @Idempotent @PUT public void put() { }
        @Idempotent @PATCH public void patch() { }
        @Idempotent @DELETE public void delete() { }
        @Idempotent @PURGE public void purge() { }
        @Idempotent @GET public void get() { }
        @POST public void notCovered() { }
        @Idempotent public void notAResourceMethod() { }
    }

    @Idempotent
    @Transactional
    public static class TransactionalClass {
        @POST public void post() { }
        @DELETE @Transactional(Transactional.TxType.REQUIRES_NEW) public void delete() { }
        @PUT @Transactional(Transactional.TxType.MANDATORY) public void put() { }
    }

    public static class MethodLevel {
        @Idempotent @Transactional @POST public void post() { }
        @POST public void erase() { }
    }

    @Idempotent
    public static class Supports {
        @POST @Transactional(Transactional.TxType.SUPPORTS) public void supports() { }
        @POST @Transactional(Transactional.TxType.NOT_SUPPORTED) public void notSupported() { }
        @POST @Transactional(Transactional.TxType.NEVER) public void never() { }
    }

    @Stateless
    @Idempotent
    public static class StatelessResource {
        @POST public void create() { }
        @POST @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW) public void separately() { }
        @POST @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED) public void outside() { }
    }

    @Stateless
    @TransactionManagement(TransactionManagementType.BEAN)
    @Idempotent
    public static class BeanManaged {
        @POST public void create() { }
    }

    public interface Api {
        @POST void create();
    }

    @Idempotent
    public static class ImplementsApi implements Api {
        @Override public void create() { }
    }

    public static class Base {
        @POST public void create() { }
    }

    @Idempotent
    public static class InheritsVerb extends Base {
        @Override public void create() { }
    }

    @Idempotent
    @Interceptor
    public static class AnInterceptor {
        @POST public void post() { }
    }

    @Idempotent
    public abstract static class AbstractResource {
        @POST public void post() { }
    }
}
