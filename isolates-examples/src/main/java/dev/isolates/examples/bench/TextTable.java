package dev.isolates.examples.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A plain-text table with a header line, a rule and aligned columns: the first {@code leftColumns} columns are
 * aligned left (names), the others right (numbers).
 */
final class TextTable {
  private final List<String> headers;
  private final int leftColumns;
  private final List<List<String>> rows = new ArrayList<>();

  TextTable(int leftColumns, String... headers) {
    this.headers = List.of(headers);
    this.leftColumns = leftColumns;
  }

  /** Adds a row; it must have one cell per header. */
  TextTable add(String... cells) {
    if (cells.length != headers.size()) {
      throw new IllegalArgumentException("a row needs " + headers.size() + " cells: " + Arrays.toString(cells));
    }
    rows.add(List.of(cells));
    return this;
  }

  /** Renders the table, each line ended by a newline. */
  String render() {
    int[] widths = new int[headers.size()];
    for (int c = 0; c < widths.length; c++) {
      widths[c] = headers.get(c).length();
      for (List<String> row : rows) {
        widths[c] = Math.max(widths[c], row.get(c).length());
      }
    }
    StringBuilder out = new StringBuilder();
    line(out, headers, widths);
    List<String> rule = new ArrayList<>();
    for (int width : widths) {
      rule.add("-".repeat(width));
    }
    line(out, rule, widths);
    for (List<String> row : rows) {
      line(out, row, widths);
    }
    return out.toString();
  }

  private void line(StringBuilder out, List<String> cells, int[] widths) {
    StringBuilder line = new StringBuilder();
    for (int c = 0; c < cells.size(); c++) {
      if (c > 0) {
        line.append("  ");
      }
      String cell = cells.get(c);
      String padding = " ".repeat(widths[c] - cell.length());
      line.append(c < leftColumns ? cell + padding : padding + cell);
    }
    out.append(line.toString().stripTrailing()).append('\n');
  }
}
