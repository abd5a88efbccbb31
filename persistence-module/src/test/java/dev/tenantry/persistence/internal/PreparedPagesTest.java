package dev.tenantry.persistence.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantry.persistence.DatabaseTest;
import dev.tenantry.persistence.paging.Order;
import dev.tenantry.persistence.paging.PageRequest;
import dev.tenantry.persistence.paging.Sort;
import dev.tenantry.persistence.repository.Repository;
import dev.tenantry.persistence.testmodel.Book;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Page shapes chosen by clients cannot grow the template cache without bound. */
class PreparedPagesTest extends DatabaseTest {

    @Test
    void keepsAtMostTheBoundOfTemplatesAndStillServesEveryShape() {
        runTx(em -> {
            for (int i = 0; i < 3; i++) {
                new Repository<>(Book.class, em).save(new Book("t" + i, "isbn-" + i, i + 1));
            }
        });
        List<Sort> sorts = List.of(Sort.unsorted(), Sort.by(Order.asc("title")), Sort.by(Order.desc("title")),
                Sort.by(Order.desc("pages"), Order.asc("title")));
        int served = 0;
        for (int size = 1; size <= PreparedPages.MAX_TEMPLATES / 2 + 10; size++) {
            for (Sort sort : sorts) {
                int pageSize = size;
                served += inTx(em -> new Repository<>(Book.class, em).page(new PageRequest(0, pageSize, sort)).items().size());
            }
        }

        int kept = inTx(em -> PreparedPages.templateCount(em.getEntityManagerFactory()));
        assertThat(kept).isEqualTo(PreparedPages.MAX_TEMPLATES);
        assertThat(served).as("pages beyond the bound are still served").isEqualTo(
                sorts.size() * (1 + 2 + 3 * (PreparedPages.MAX_TEMPLATES / 2 + 10 - 2)));
    }
}
