/**
 * What integrators implement: {@link dev.tenantry.tenancy.spi.TenantResolver}, to find which
 * organization a request is for.
 */
package dev.tenantry.tenancy.spi;
