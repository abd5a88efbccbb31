/**
 * Soft delete: {@code remove} becomes {@code UPDATE ... SET deleted_at}, default reads hide deleted
 * rows, {@link dev.tenantry.persistence.softdelete.SoftDeletes} restores and purges.
 *
 * <p>Extend {@link dev.tenantry.persistence.softdelete.SoftDeletableEntity}; nothing else is needed.
 * To read deleted rows use {@code Repository.includingDeleted()}.
 */
package dev.tenantry.persistence.softdelete;
