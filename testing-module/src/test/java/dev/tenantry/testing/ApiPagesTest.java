package dev.tenantry.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each plugin module's {@code API.md} lists every public type an application may name, package by
 * package, and names no type that is gone; every package says what it is for ({@code package-info});
 * the README never sends users into an internal package.
 */
class ApiPagesTest {

    private static final Pattern PUBLIC_TYPE = Pattern.compile(
            "^public\\s+(?:(?:final|abstract|sealed|non-sealed)\\s+)*(?:class|interface|enum|record|@interface)\\s+(\\w+)",
            Pattern.MULTILINE);
    private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+);", Pattern.MULTILINE);

    @ParameterizedTest
    @ValueSource(strings = {"embedded-postgres-module", "persistence-module", "tenancy-module", "audit-module", "crypto-module",
        "server-config", "testing-module"})
    void theModulesApiPageListsEveryPublicTypeOutsideInternalPackages(String module) throws IOException {
        Path root = Path.of("..", module);
        String page = Files.readString(root.resolve("API.md"));
        List<String> missing = new ArrayList<>();
        List<String> listed = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root.resolve("src/main/java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String source = Files.readString(file);
                Matcher type = PUBLIC_TYPE.matcher(source);
                Matcher pkg = PACKAGE.matcher(source);
                if (!type.find() || !pkg.find()) {
                    continue;
                }
                String name = type.group(1);
                String packageName = pkg.group(1);
                if (packageName.contains(".internal")) {
                    continue;
                }
                listed.add(name);
                String section = section(page, packageName);
                if (section == null || !section.contains("- `" + name + "` (")) {
                    missing.add(packageName + "." + name);
                }
            }
        }
        assertThat(missing).as("public types missing from %s/API.md", module).isEmpty();
        Matcher entry = Pattern.compile("^- `(\\w+)` \\(", Pattern.MULTILINE).matcher(page);
        while (entry.find()) {
            assertThat(listed).as("%s/API.md lists a type the module does not have", module).contains(entry.group(1));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"embedded-postgres-module", "persistence-module", "tenancy-module", "audit-module", "crypto-module",
        "server-config", "testing-module"})
    void everyPackageOfTheModuleHasItsPackageInfo(String module) throws IOException {
        List<String> without = new ArrayList<>();
        try (Stream<Path> dirs = Files.walk(Path.of("..", module, "src/main/java"))) {
            for (Path dir : dirs.filter(Files::isDirectory).toList()) {
                boolean hasTypes;
                try (Stream<Path> files = Files.list(dir)) {
                    hasTypes = files.anyMatch(f -> f.toString().endsWith(".java"));
                }
                if (hasTypes && !Files.exists(dir.resolve("package-info.java"))) {
                    without.add(dir.toString());
                }
            }
        }
        assertThat(without).as("packages without package-info.java").isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"../README.md"})
    void theReadmeNeverNamesAnInternalType(String readme) throws IOException {
        assertThat(Files.readString(Path.of(readme))).doesNotContainPattern("dev\\.tenantry\\.\\w+\\.internal\\.");
    }

    /** @return the text under "### `package`" up to the next heading, or null */
    private static String section(String page, String packageName) {
        int start = page.indexOf("### `" + packageName + "`\n");
        if (start < 0) {
            return null;
        }
        int end = page.indexOf("\n#", start + 1);
        return end < 0 ? page.substring(start) : page.substring(start, end);
    }
}
