package dev.tenantry.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The README's "Testing your application" shows code that compiles and runs: each snippet is the
 * region between {@code // README:begin} and {@code // README:end} of a test, indentation removed,
 * without the lines marked {@code // README:skip} (the suite's own set-up).
 */
class ReadmeSnippetsTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "src/test/java/dev/tenantry/testing/TenantryDatabaseTest.java",
        "../it-tests/src/test/java/dev/tenantry/it/InContainerKitIT.java"})
    void theReadmeShowsTheTestsCode(String test) throws IOException {
        String source = Files.readString(Path.of(test));
        String begin = "    // README:begin\n";
        int start = source.indexOf(begin);
        int end = source.indexOf("    // README:end");
        assertThat(start).as("%s marks its README region", test).isNotNegative();
        String snippet = source.substring(start + begin.length(), end).lines()
                .filter(line -> !line.contains("// README:skip"))
                .map(line -> line.startsWith("    ") ? line.substring(4) : line)
                .collect(Collectors.joining("\n"));
        assertThat(Files.readString(Path.of("../README.md"))).contains(snippet);
    }
}
