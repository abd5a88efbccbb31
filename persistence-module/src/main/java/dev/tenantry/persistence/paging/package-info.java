/**
 * Paging and sorting values: offset pages ({@link dev.tenantry.persistence.paging.PageRequest},
 * {@link dev.tenantry.persistence.paging.Page}) and keyset pages for large tables
 * ({@link dev.tenantry.persistence.paging.KeysetRequest},
 * {@link dev.tenantry.persistence.paging.KeysetPage}). All are immutable records validated on
 * construction; sorting by an attribute the entity does not have is refused with
 * {@link dev.tenantry.persistence.paging.InvalidSortException}.
 */
package dev.tenantry.persistence.paging;
