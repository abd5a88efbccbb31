package dev.tenantry.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The build's coverage gate, run after the merged JaCoCo report of unit and container tests: prints
 * the line coverage of every module in it and fails the build when a gated module covers less than
 * the minimum. Arguments: the report's {@code jacoco.csv}, the minimum (0..1), the gated modules
 * (artifact ids, comma-separated), and the build's {@code skipTests}.
 */
public final class CoverageGate {

    private CoverageGate() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length > 3 && "true".equals(args[3])) {
            System.out.println("[coverage] tests skipped: no gate");
            return;
        }
        Path csv = Path.of(args[0]);
        double minimum = Double.parseDouble(args[1]);
        List<String> gated = List.of(args[2].split(","));
        if (!Files.exists(csv)) {
            throw new IllegalStateException("No merged coverage report at " + csv + ": did the tests run with the JaCoCo"
                    + " agent? (-Djacoco.skip=true turns coverage and its gate off)");
        }
        Map<String, long[]> lines = new TreeMap<>();   // module -> {missed, covered}
        List<String> rows = Files.readAllLines(csv);
        List<String> header = List.of(rows.get(0).split(","));
        int group = header.indexOf("GROUP");
        int missed = header.indexOf("LINE_MISSED");
        int covered = header.indexOf("LINE_COVERED");
        for (String row : rows.subList(1, rows.size())) {
            String[] cells = row.split(",");
            // the merged report's groups are "<this project's name>/<module>"
            String module = cells[group].substring(cells[group].lastIndexOf('/') + 1);
            long[] sum = lines.computeIfAbsent(module, k -> new long[2]);
            sum[0] += Long.parseLong(cells[missed]);
            sum[1] += Long.parseLong(cells[covered]);
        }
        List<String> failures = new ArrayList<>();
        for (Map.Entry<String, long[]> module : lines.entrySet()) {
            long total = module.getValue()[0] + module.getValue()[1];
            double ratio = total == 0 ? 1 : (double) module.getValue()[1] / total;
            boolean gate = gated.contains(module.getKey());
            System.out.printf(Locale.ROOT, "[coverage] %-24s %5.1f%% of %5d lines%s%n", module.getKey(), 100 * ratio, total,
                    gate ? (ratio < minimum ? "  BELOW " + Math.round(100 * minimum) + "%" : "  (gated)") : "");
            if (gate && ratio < minimum) {
                failures.add(module.getKey());
            }
        }
        List<String> missing = gated.stream().filter(m -> !lines.containsKey(m)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("The merged coverage report has no data for " + missing);
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("Line coverage below " + Math.round(100 * minimum) + "% in " + failures
                    + " (report: " + csv.getParent().resolve("index.html") + ")");
        }
    }
}
