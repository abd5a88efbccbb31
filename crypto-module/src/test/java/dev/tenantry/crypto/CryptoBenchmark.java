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
import org.jasypt.encryption.pbe.PooledPBEStringEncryptor;
import org.jasypt.encryption.pbe.StandardPBEStringEncryptor;
import org.jasypt.iv.RandomIvGenerator;

/**
 * Throughput of the column engines, same process, interleaved rounds (median of 5 after a warm-up
 * round); prints ops/s and the ratios the crypto issues target:
 * <ul>
 * <li>the default engine as the converters call it (key ring, value bound to table, column and
 *     tenant) against raw JCA AES-256-GCM (target ≥ 25%) and Jasypt's default PBE set-up
 *     (target ≥ 50×), for 64 B and 4 KiB;</li>
 * <li>the cost of binding: bound ({@code tnc2}) against the unbound converter as it was before
 *     ({@code tnc1}; target: within 10%);</li>
 * <li>what staying on Jasypt PBE costs: {@code PooledPBEStringEncryptor} with pool size 1 on one
 *     thread and pool size 2 on two threads, beside the default engine on as many threads.</li>
 * </ul>
 * Not a test: run it with {@code ./mvnw -q -pl crypto-module -am -Pcrypto-benchmark -DskipTests verify}.
 */
public final class CryptoBenchmark {

    private static final int ROUNDS = 5;
    private static final long ROUND_NANOS = 400_000_000L;   // per implementation and operation
    private static final String PASSWORD = "a-password-from-configuration";

    private CryptoBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        KeyRing ring = KeyRing.generated();
        ColumnEncryption columns = ColumnEncryption.of(ring);
        Place place = Place.of("connector_credentials", "api_token").inTenant("0191d6a0-0000-7000-8000-0000000004a1");
        KeyRingEncryptor unbound = new KeyRingEncryptor(ring);
        StandardPBEStringEncryptor jasyptDefault = new StandardPBEStringEncryptor();
        jasyptDefault.setAlgorithm("PBEWITHHMACSHA512ANDAES_256");   // Jasypt's 1000 iterations kept
        jasyptDefault.setIvGenerator(new RandomIvGenerator());
        jasyptDefault.setPassword(PASSWORD);
        RawGcm gcm = new RawGcm();

        System.out.printf("%-6s %-8s %12s %12s %12s %12s %9s %9s %11s%n", "size", "op", "bound/s", "unbound/s",
                "raw-gcm/s", "jasypt/s", "bnd/gcm", "bnd/jsp", "bnd/unbnd");
        for (int size : new int[] {64, 4096}) {
            String value = text(size);
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            String sealedBound = columns.encrypt(value, place);
            String sealedUnbound = unbound.encrypt(value);
            String sealedByJasypt = jasyptDefault.encrypt(value);
            byte[] sealedByGcm = gcm.encrypt(bytes);
            if (!columns.decrypt(sealedBound, place).equals(value) || !unbound.decrypt(sealedUnbound).equals(value)) {
                throw new IllegalStateException("round trip failed");
            }

            Map<String, Runnable> encrypt = new LinkedHashMap<>();
            encrypt.put("bound", () -> sink(columns.encrypt(value, place)));
            encrypt.put("unbound", () -> sink(columns.encrypt(value, null)));
            encrypt.put("gcm", () -> sink(gcm.encrypt(bytes)));
            encrypt.put("jasypt", () -> sink(jasyptDefault.encrypt(value)));
            Map<String, Runnable> decrypt = new LinkedHashMap<>();
            decrypt.put("bound", () -> sink(columns.decrypt(sealedBound, place)));
            decrypt.put("unbound", () -> sink(columns.decrypt(sealedUnbound, null)));
            decrypt.put("gcm", () -> sink(gcm.decrypt(sealedByGcm)));
            decrypt.put("jasypt", () -> sink(jasyptDefault.decrypt(sealedByJasypt)));

            report(size, "encrypt", measure(encrypt, 1));
            report(size, "decrypt", measure(decrypt, 1));
        }

        System.out.println();
        System.out.println("Staying on Jasypt PBE (PBEWITHHMACSHA512ANDAES_256, 1000 iterations, 64 B), total ops/s:");
        System.out.printf("%-8s %16s %16s %16s %16s %12s%n", "op", "default 1 thread", "pool=1 1 thread",
                "default 2 thrds", "pool=2 2 thrds", "pool2/dflt2");
        String value = text(64);
        PooledPBEStringEncryptor pool1 = pooled(1);
        PooledPBEStringEncryptor pool2 = pooled(2);
        String sealedBound = columns.encrypt(value, place);
        String sealedPooled = pool1.encrypt(value);
        for (String op : new String[] {"encrypt", "decrypt"}) {
            boolean enc = op.equals("encrypt");
            Map<String, Runnable> oneThread = new LinkedHashMap<>();
            oneThread.put("default", enc ? () -> sink(columns.encrypt(value, place)) : () -> sink(columns.decrypt(sealedBound, place)));
            oneThread.put("pool1", enc ? () -> sink(pool1.encrypt(value)) : () -> sink(pool1.decrypt(sealedPooled)));
            Map<String, Runnable> twoThreads = new LinkedHashMap<>();
            twoThreads.put("default", oneThread.get("default"));
            twoThreads.put("pool2", enc ? () -> sink(pool2.encrypt(value)) : () -> sink(pool2.decrypt(sealedPooled)));
            Map<String, Double> r1 = measure(oneThread, 1);
            Map<String, Double> r2 = measure(twoThreads, 2);
            System.out.printf("%-8s %16.0f %16.0f %16.0f %16.0f %11.2f%%%n", op, r1.get("default"), r1.get("pool1"),
                    r2.get("default"), r2.get("pool2"), 100 * r2.get("pool2") / r2.get("default"));
        }
    }

    private static PooledPBEStringEncryptor pooled(int size) {
        PooledPBEStringEncryptor e = new PooledPBEStringEncryptor();
        e.setPoolSize(size);
        e.setAlgorithm("PBEWITHHMACSHA512ANDAES_256");
        e.setIvGenerator(new RandomIvGenerator());
        e.setPassword(PASSWORD);
        return e;
    }

    /** Median ops/s of each implementation, all {@code threads} threads running it at once. */
    private static Map<String, Double> measure(Map<String, Runnable> impls, int threads) throws InterruptedException {
        Map<String, List<Double>> rates = new LinkedHashMap<>();
        impls.keySet().forEach(k -> rates.put(k, new ArrayList<>()));
        for (int round = 0; round <= ROUNDS; round++) {          // round 0 warms up and is discarded
            for (Map.Entry<String, Runnable> e : impls.entrySet()) {
                long[] ops = new long[threads];
                Thread[] workers = new Thread[threads];
                long start = System.nanoTime();
                for (int t = 0; t < threads; t++) {
                    int slot = t;
                    workers[t] = new Thread(() -> {
                        long n = 0;
                        do {
                            for (int i = 0; i < 16; i++) {
                                e.getValue().run();
                            }
                            n += 16;
                        } while (System.nanoTime() - start < ROUND_NANOS);
                        ops[slot] = n;
                    });
                    workers[t].start();
                }
                for (Thread w : workers) {
                    w.join();
                }
                long elapsed = System.nanoTime() - start;
                if (round > 0) {
                    rates.get(e.getKey()).add(java.util.Arrays.stream(ops).sum() * 1e9 / elapsed);
                }
            }
        }
        Map<String, Double> median = new LinkedHashMap<>();
        rates.forEach((k, v) -> median.put(k, v.stream().sorted().toList().get(v.size() / 2)));
        return median;
    }

    private static void report(int size, String op, Map<String, Double> r) {
        System.out.printf("%-6s %-8s %12.0f %12.0f %12.0f %12.0f %8.0f%% %8.0fx %10.1f%%%n", size + "B", op, r.get("bound"),
                r.get("unbound"), r.get("gcm"), r.get("jasypt"), 100 * r.get("bound") / r.get("gcm"),
                r.get("bound") / r.get("jasypt"), 100 * r.get("bound") / r.get("unbound"));
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
