/**
 * The Tenantry example application: articles over REST, with paging, soft delete and restore.
 */
package dev.tenantry.example;
