package dev.isolates.examples.bench;

import java.util.List;

/**
 * One line of the reference table: a figure CPython's {@code concurrent.interpreters} reached in another run,
 * next to the matching medians of this run.
 *
 * @param operation what was measured
 * @param cpython CPython's figure, as reported
 * @param ours the keys of our matching figures, each with a label ({@code ""} for none)
 */
record ReferenceRow(String operation, String cpython, List<Part> ours) {

  /**
   * One of our figures in the reference table.
   *
   * @param key the figure's key, as in {@link Row}
   * @param label what it is, printed after the figure
   */
  record Part(String key, String label) {}
}
