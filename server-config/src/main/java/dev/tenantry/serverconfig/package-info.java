/**
 * Server configuration as code: the commands that give Payara Micro the PostgreSQL datasource
 * Tenantry's persistence unit and runtime use ({@code jdbc/tenantry} by default).
 */
package dev.tenantry.serverconfig;
