/**
 * The kit's Arquillian helpers for applications' in-container suites:
 * {@link dev.tenantry.testing.arquillian.TenantryArchives} (a WAR with Tenantry's jars),
 * {@link dev.tenantry.testing.arquillian.PayaraMicroSetup} and
 * {@link dev.tenantry.testing.arquillian.WildFlySetup} (test servers set up as production),
 * {@link dev.tenantry.testing.arquillian.MemberRequests} (requests as a member of an organization, for
 * client-side tests) and {@link dev.tenantry.testing.arquillian.PayaraServletFix} (registered by itself).
 */
package dev.tenantry.testing.arquillian;
