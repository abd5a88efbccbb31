package dev.tenantry.persistence.paging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PagingValuesTest {

    @Test
    void pageRequestRejectsNegativePagesAndSizesOutsideTheLimit() {
        assertThatThrownBy(() -> PageRequest.of(-1, 10)).isInstanceOf(InvalidPagingException.class)
                .hasMessageContaining("0 or more");
        assertThatThrownBy(() -> PageRequest.of(0, 0)).hasMessageContaining("between 1 and 1000");
        assertThatThrownBy(() -> PageRequest.of(0, 1001)).hasMessageContaining("between 1 and 1000");
        assertThat(PageRequest.of(3, 20).offset()).isEqualTo(60);
    }

    @Test
    void pageCountsPages() {
        assertThat(new Page<>(List.of(), 0, 0, 20).totalPages()).isZero();
        assertThat(new Page<>(List.of(), 41, 0, 20).totalPages()).isEqualTo(3);
        assertThat(new Page<>(List.of(), 40, 1, 20).hasNext()).isFalse();
    }

    @Test
    void sortParsesTheRestForms() {
        assertThat(Sort.parse(Arrays.asList("-createdAt", "title", "+name", "pages,desc", " ", null)).orders())
                .containsExactly(Order.desc("createdAt"), Order.asc("title"), Order.asc("name"), Order.desc("pages"));
        assertThatThrownBy(() -> Order.parse("title,sideways")).isInstanceOf(InvalidSortException.class);
    }

    @Test
    void sortRefusesRepeatedAttributesAndTooManyKeys() {
        assertThatThrownBy(() -> Sort.parse(List.of("title", "-title"))).isInstanceOf(InvalidSortException.class)
                .hasMessageContaining("'title' is given more than once");
        assertThatThrownBy(() -> Sort.by(Order.asc("a"), Order.asc("a"))).isInstanceOf(InvalidSortException.class);
        List<String> nine = List.of("a", "b", "c", "d", "e", "f", "g", "h", "i");
        assertThat(Sort.parse(nine.subList(0, Sort.MAX_KEYS)).orders()).hasSize(Sort.MAX_KEYS);
        assertThatThrownBy(() -> Sort.parse(nine)).isInstanceOf(InvalidSortException.class)
                .hasMessageContaining("at most " + Sort.MAX_KEYS);
        assertThatThrownBy(() -> Sort.parse(java.util.Collections.nCopies(100_000, "title")))
                .isInstanceOf(InvalidSortException.class);
    }

    @Test
    void cursorMustNotBeEmpty() {
        assertThatThrownBy(() -> new Cursor(" ")).isInstanceOf(InvalidCursorException.class);
    }
}
