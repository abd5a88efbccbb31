/**
 * Implementation of the crypto module. <strong>No compatibility promise.</strong>
 */
package dev.tenantry.crypto.internal;
