package dev.tenantry.crypto;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import org.jasypt.encryption.pbe.StandardPBEStringEncryptor;
import org.jasypt.iv.RandomIvGenerator;

/**
 * Throughput of the converter against Jasypt's default set-up and raw JCA AES-256-GCM, one thread,
 * same process, interleaved rounds; prints ops/s and the ratios the crypto issue targets
 * (converter ≥ 25% of raw AES-GCM, ≥ 50× Jasypt's default). Not a test: run it with
 * {@code ./mvnw -q -pl crypto-module -am -Pbenchmark -DskipTests verify}.
 */
public final class CryptoBenchmark {

    private static final int ROUNDS = 5;
    private static final long ROUND_NANOS = 400_000_000L;   // per implementation and operation

    private CryptoBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Encryption.install(KeyRing.generated());
        EncryptedStringConverter converter = new EncryptedStringConverter();
        StandardPBEStringEncryptor jasyptDefault = new StandardPBEStringEncryptor();
        jasyptDefault.setAlgorithm("PBEWITHHMACSHA512ANDAES_256");   // Jasypt's 1000 iterations kept
        jasyptDefault.setIvGenerator(new RandomIvGenerator());
        jasyptDefault.setPassword("a-password-from-configuration");
        RawGcm gcm = new RawGcm();

        System.out.printf("%-6s %-10s %14s %14s %14s %12s %12s%n", "size", "operation", "converter/s", "jasypt-dflt/s",
                "raw-gcm/s", "conv/gcm", "conv/jasypt");
        for (int size : new int[] {64, 4096}) {
            String value = text(size);
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            String sealedByConverter = converter.convertToDatabaseColumn(value);
            String sealedByJasypt = jasyptDefault.encrypt(value);
            byte[] sealedByGcm = gcm.encrypt(bytes);

            Map<String, Runnable> encrypt = new LinkedHashMap<>();
            encrypt.put("converter", () -> sink(converter.convertToDatabaseColumn(value)));
            encrypt.put("jasypt", () -> sink(jasyptDefault.encrypt(value)));
            encrypt.put("gcm", () -> sink(gcm.encrypt(bytes)));
            Map<String, Runnable> decrypt = new LinkedHashMap<>();
            decrypt.put("converter", () -> sink(converter.convertToEntityAttribute(sealedByConverter)));
            decrypt.put("jasypt", () -> sink(jasyptDefault.decrypt(sealedByJasypt)));
            decrypt.put("gcm", () -> sink(gcm.decrypt(sealedByGcm)));

            report(size, "encrypt", measure(encrypt));
            report(size, "decrypt", measure(decrypt));
        }
    }

    private static Map<String, Double> measure(Map<String, Runnable> impls) {
        Map<String, List<Double>> rates = new LinkedHashMap<>();
        impls.keySet().forEach(k -> rates.put(k, new ArrayList<>()));
        for (int round = 0; round <= ROUNDS; round++) {          // round 0 warms up and is discarded
            for (Map.Entry<String, Runnable> e : impls.entrySet()) {
                long ops = 0;
                long start = System.nanoTime();
                long elapsed;
                do {
                    for (int i = 0; i < 16; i++) {
                        e.getValue().run();
                    }
                    ops += 16;
                    elapsed = System.nanoTime() - start;
                } while (elapsed < ROUND_NANOS);
                if (round > 0) {
                    rates.get(e.getKey()).add(ops * 1e9 / elapsed);
                }
            }
        }
        Map<String, Double> median = new LinkedHashMap<>();
        rates.forEach((k, v) -> median.put(k, v.stream().sorted().toList().get(v.size() / 2)));
        return median;
    }

    private static void report(int size, String op, Map<String, Double> r) {
        System.out.printf("%-6s %-10s %14.0f %14.0f %14.0f %11.0f%% %11.0fx%n", size + "B", op, r.get("converter"),
                r.get("jasypt"), r.get("gcm"), 100 * r.get("converter") / r.get("gcm"), r.get("converter") / r.get("jasypt"));
    }

    private static String text(int size) {
        StringBuilder sb = new StringBuilder(size);
        SecureRandom random = new SecureRandom();
        while (sb.length() < size) {
            sb.append((char) ('a' + random.nextInt(26)));
        }
        return sb.toString();
    }

    private static volatile Object blackhole;

    private static void sink(Object o) {
        blackhole = o;
    }

    /** Raw JCA AES-256-GCM with a pre-derived key, a random 12-byte IV per value, the IV stored in front. */
    private static final class RawGcm {
        private final SecretKey key;
        private final SecureRandom random = new SecureRandom();
        private final Cipher cipher;

        RawGcm() throws Exception {
            KeyGenerator generator = KeyGenerator.getInstance("AES");
            generator.init(256);
            key = generator.generateKey();
            cipher = Cipher.getInstance("AES/GCM/NoPadding");
        }

        byte[] encrypt(byte[] plain) {
            byte[] iv = new byte[12];
            random.nextBytes(iv);
            try {
                cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
                byte[] body = cipher.doFinal(plain);
                byte[] out = new byte[12 + body.length];
                System.arraycopy(iv, 0, out, 0, 12);
                System.arraycopy(body, 0, out, 12, body.length);
                return out;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        byte[] decrypt(byte[] sealed) {
            try {
                cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, sealed, 0, 12));
                return cipher.doFinal(sealed, 12, sealed.length - 12);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
