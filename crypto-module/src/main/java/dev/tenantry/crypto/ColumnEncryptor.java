package dev.tenantry.crypto;

import jakarta.inject.Qualifier;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Qualifies the CDI bean that replaces the configured column encryption engine: a Jasypt
 * {@code StringEncryptor} (also a {@code ByteEncryptor} when the application has {@code byte[]}
 * attributes), e.g.
 * <pre>{@code
 * @Produces @ApplicationScoped @ColumnEncryptor
 * StringEncryptor columnEncryptor() {
 *     PooledPBEStringEncryptor e = new PooledPBEStringEncryptor();
 *     e.setPoolSize(4);
 *     e.setPassword(vault.secret("jasypt"));
 *     e.setAlgorithm("PBEWITHHMACSHA512ANDAES_256");
 *     e.setIvGenerator(new RandomIvGenerator());
 *     return e;
 * }
 * }</pre>
 * Tenantry looks it up once, when the application starts, and logs which engine it uses. Values a
 * key ring sealed ({@code tnc…}) stay readable when {@link CryptoSettings#KEYS} is still set. A bare
 * Jasypt PBE encryptor returns garbage for about one wrong-password value in 256; produce a
 * {@link JasyptPbeEngine#create JasyptPbeEngine} instead (same settings, same ciphertexts) to have
 * text refused rather than garbled.
 */
@Qualifier
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.FIELD, ElementType.PARAMETER})
public @interface ColumnEncryptor {

    /** The annotation as a value, for {@code CDI.current().select(..., ColumnEncryptor.Literal.INSTANCE)}. */
    final class Literal extends jakarta.enterprise.util.AnnotationLiteral<ColumnEncryptor> implements ColumnEncryptor {
        private static final long serialVersionUID = 1L;
        /** The one instance. */
        public static final Literal INSTANCE = new Literal();

        private Literal() {
        }
    }
}
