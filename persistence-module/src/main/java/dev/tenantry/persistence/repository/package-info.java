/**
 * The generic repository: {@code @Inject Repository<Book> books;} in a CDI application, or
 * {@code new Repository<>(Book.class, em)} anywhere.
 *
 * <p>In CDI the repository uses the application's {@code EntityManager} bean, so the application
 * provides one, typically
 * {@code @Produces @PersistenceContext(unitName = "app") EntityManager em;} in an
 * {@code @ApplicationScoped} class.
 */
package dev.tenantry.persistence.repository;
