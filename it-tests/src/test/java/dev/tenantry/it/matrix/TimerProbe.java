package dev.tenantry.it.matrix;

import dev.tenantry.tenancy.TenantId;
import dev.tenantry.tenancy.Tenants;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Timeout;
import jakarta.ejb.Timer;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.inject.Inject;
import java.io.Serializable;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An EJB timer that carries a tenant in its info, as the docs of {@link TenantId} describe: the
 * {@code @Timeout} method runs its work with {@link Tenants#runAs}.
 */
@Singleton
public class TimerProbe {

    /** What a timer carries. */
    record Job(String key, TenantId tenant) implements Serializable {
    }

    @Resource
    TimerService timers;

    @Inject
    TenantReads reads;

    private final Map<String, CompletableFuture<String>> results = new ConcurrentHashMap<>();

    /**
     * @param tenant the tenant the timer works for, or null for none
     * @return what the timer saw: project names, or the simple name of what it threw
     */
    public CompletableFuture<String> schedule(TenantId tenant) {
        String key = UUID.randomUUID().toString();
        CompletableFuture<String> result = new CompletableFuture<>();
        results.put(key, result);
        timers.createSingleActionTimer(10, new TimerConfig(new Job(key, tenant), false));
        return result;
    }

    @Timeout
    void fire(Timer timer) {
        Job job = (Job) timer.getInfo();
        CompletableFuture<String> result = results.remove(job.key());
        try {
            String seen = job.tenant() == null ? String.valueOf(reads.projectNames())
                    : String.valueOf(Tenants.callAs(job.tenant(), reads::projectNames));
            result.complete(seen + (Tenants.current().isPresent() ? " (tenant left on the timer thread)" : ""));
        } catch (Exception e) {
            result.complete(e.getClass().getSimpleName());
        }
    }
}
