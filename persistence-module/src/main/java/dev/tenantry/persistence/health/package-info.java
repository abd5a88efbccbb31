/**
 * Readiness: the database answers and every migration is applied. Exposed as a MicroProfile Health
 * readiness check where the server has MicroProfile Health ({@code /health/ready}).
 */
package dev.tenantry.persistence.health;
