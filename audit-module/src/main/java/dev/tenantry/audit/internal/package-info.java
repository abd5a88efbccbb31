/**
 * Implementation of the audit trail: EclipseLink descriptor listeners, the activity writer, the
 * interceptor, the request filter and the context propagator. Not API: nothing here is for
 * applications to name, and it may change in any release.
 */
package dev.tenantry.audit.internal;
