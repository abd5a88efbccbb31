package dev.tenantry.audit.internal;

import dev.tenantry.audit.ActivityRetention;
import dev.tenantry.audit.AuditContext;
import dev.tenantry.persistence.internal.MaintenanceSchedule;
import dev.tenantry.persistence.internal.TenantryRuntime;
import dev.tenantry.persistence.jobs.JobRuns;
import dev.tenantry.persistence.jobs.RunningJob;
import dev.tenantry.persistence.spi.MaintenanceJob;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Scheduled activity retention ({@value JobRuns#ACTIVITY_RETENTION}): when
 * {@link ActivityRetention#RETENTION} is set, every organization's activities older than that go,
 * as the actor {@value #ACTOR}.
 */
@ApplicationScoped
public class ActivityRetentionJob implements MaintenanceJob {

    /** The actor of the {@code activities.purged} activities the scheduled purge writes. */
    public static final String ACTOR = AuditContext.SYSTEM + ":retention";

    @Inject
    TenantryRuntime runtime;

    @Override
    public String name() {
        return JobRuns.ACTIVITY_RETENTION;
    }

    @Override
    public boolean enabled() {
        return ActivityRetention.configured().isPresent();
    }

    @Override
    public void run(RunningJob run) throws Exception {
        ActivityRetention retention = new ActivityRetention(runtime.dataSource());
        AuditContext.callAs(ACTOR, null, () -> retention.purgeAll(ActivityRetention.configured().orElseThrow(),
                MaintenanceSchedule.batchSize(), run));
    }
}
