/**
 * Persisted application settings ({@code app_settings}) with typed getters, and the demo/live
 * {@link dev.tenantry.persistence.settings.AppMode}.
 */
package dev.tenantry.persistence.settings;
