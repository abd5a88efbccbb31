/**
 * Implementation of the persistence module. <strong>No compatibility promise:</strong> anything here
 * may change or disappear in any release; do not use it from application code.
 */
package dev.tenantry.persistence.internal;
