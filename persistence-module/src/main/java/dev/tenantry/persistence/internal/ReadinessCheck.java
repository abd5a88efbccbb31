package dev.tenantry.persistence.internal;

import dev.tenantry.persistence.health.DatabaseHealth;
import dev.tenantry.persistence.health.HealthReport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Publishes {@link DatabaseHealth} as a MicroProfile Health readiness check named {@code tenantry-database}. */
@Readiness
@ApplicationScoped
public class ReadinessCheck implements HealthCheck {

    @Inject
    DatabaseHealth health;

    @Override
    public HealthCheckResponse call() {
        HealthReport report = health.check();
        return HealthCheckResponse.named("tenantry-database")
                .status(report.ready())
                .withData("databaseReachable", report.databaseReachable())
                .withData("pendingMigrations", report.pendingMigrations())
                .withData("problem", report.problem() == null ? "none" : report.problem())
                .withData("securityProblems", health.securityProblems().size())
                .build();
    }
}
