package dev.tenantry.it.engine;

import dev.tenantry.crypto.ColumnEncryptor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.jasypt.encryption.StringEncryptor;
import org.jasypt.encryption.pbe.PooledPBEStringEncryptor;
import org.jasypt.iv.RandomIvGenerator;

/** An application's own column engine, as the README shows it: a CDI bean replaces the configured one. */
@ApplicationScoped
public class ColumnEncryptorProducer {

    /** The password this engine uses (a real application reads it from its vault). */
    public static final String PASSWORD = "password-of-the-application-bean";

    @Produces
    @ApplicationScoped
    @ColumnEncryptor
    StringEncryptor columnEncryptor() {
        PooledPBEStringEncryptor e = new PooledPBEStringEncryptor();
        e.setPoolSize(2);
        e.setAlgorithm("PBEWITHHMACSHA512ANDAES_256");
        e.setIvGenerator(new RandomIvGenerator());
        e.setPassword(PASSWORD);
        return e;
    }
}
