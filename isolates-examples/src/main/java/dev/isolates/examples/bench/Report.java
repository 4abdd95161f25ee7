package dev.isolates.examples.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Renders the two tables from the figures of a run. Figures that are missing print as {@code n/a}. */
final class Report {
  private static final String MISSING = "n/a";

  private Report() {}

  /** The main table: each operation, ours and the baseline's medians and p99, their ratio and the target. */
  static String mainTable(List<Row> rows, Map<String, Figure> figures) {
    TextTable table = new TextTable(2, "#", "operation", "ours median", "ours p99", "baseline (same run)",
        "base median", "base p99", "ours/base", "better if", "target", "meets");
    for (Row row : rows) {
      Figure ours = figures.get(row.ours());
      Figure base = figures.get(row.baseline());
      table.add(row.number(), row.operation(),
          median(ours), p99(ours),
          row.baselineName(), median(base), p99(base),
          ours == null || base == null ? MISSING : Units.ratio(ours.median() / base.median()),
          row.kind().lowerIsBetter() ? "lower" : "higher",
          target(row.target(), row.kind()),
          meets(row.target(), ours, base));
    }
    return table.render();
  }

  /** The reference table: CPython's figures from another run, next to the matching medians of this run. */
  static String referenceTable(List<ReferenceRow> rows, Map<String, Figure> figures) {
    TextTable table = new TextTable(3, "operation", "CPython 3.14.10 (other run)", "isolates median (this run)");
    for (ReferenceRow row : rows) {
      List<String> parts = new ArrayList<>();
      for (ReferenceRow.Part part : row.ours()) {
        String value = median(figures.get(part.key()));
        parts.add(part.label().isEmpty() ? value : value + " " + part.label());
      }
      table.add(row.operation(), row.cpython(), String.join(", ", parts));
    }
    return table.render();
  }

  /** Tells whether every row has both of its figures. */
  static boolean isComplete(List<Row> rows, Map<String, Figure> figures) {
    return rows.stream().allMatch(row -> figures.containsKey(row.ours()) && figures.containsKey(row.baseline()));
  }

  private static String median(Figure figure) {
    return figure == null ? MISSING : Units.format(figure.kind(), figure.median());
  }

  private static String p99(Figure figure) {
    return figure == null ? MISSING : Units.format(figure.kind(), figure.p99());
  }

  private static String target(Target target, Figure.Kind kind) {
    if (target == null) {
      return "-";
    }
    return (target.atLeast() ? ">= " : "<= ")
        + (target.ofRatio() ? Units.ratio(target.limit()) + " base" : Units.format(kind, target.limit()));
  }

  private static String meets(Target target, Figure ours, Figure base) {
    if (target == null) {
      return "-";
    }
    if (ours == null || (target.ofRatio() && base == null)) {
      return MISSING;
    }
    return target.isMetBy(ours.median(), base == null ? Double.NaN : base.median()) ? "yes" : "NO";
  }
}
