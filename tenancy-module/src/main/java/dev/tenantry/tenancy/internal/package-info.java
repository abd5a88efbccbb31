/**
 * Implementation of the tenancy module. <strong>No compatibility promise.</strong>
 */
package dev.tenantry.tenancy.internal;
