package dev.isolates.examples.bench;

import java.util.Locale;

/**
 * Formats figures for the table with three significant digits and a readable unit ({@code 412 ns},
 * {@code 1.23 ms}, {@code 5.10 M/s}, {@code 12.3 KiB}). ASCII only ({@code us}, not the micro sign), since the
 * console's encoding is unknown.
 */
final class Units {
  private Units() {}

  /** Formats a value of the given kind; NaN prints as {@code -}. */
  static String format(Figure.Kind kind, double value) {
    if (Double.isNaN(value)) {
      return "-";
    }
    switch (kind) {
      case LATENCY:
        return time(value);
      case THROUGHPUT:
        return rate(value);
      case ALLOCATION:
        return significant(value) + " B";
      default:
        return kibibytes(value);
    }
  }

  /** A duration given in nanoseconds. */
  static String time(double nanos) {
    if (nanos < 1e3) {
      return significant(nanos) + " ns";
    } else if (nanos < 1e6) {
      return significant(nanos / 1e3) + " us";
    } else if (nanos < 1e9) {
      return significant(nanos / 1e6) + " ms";
    }
    return significant(nanos / 1e9) + " s";
  }

  /** A rate given per second. */
  static String rate(double perSecond) {
    if (perSecond < 1e3) {
      return significant(perSecond) + " /s";
    } else if (perSecond < 1e6) {
      return significant(perSecond / 1e3) + " k/s";
    } else if (perSecond < 1e9) {
      return significant(perSecond / 1e6) + " M/s";
    }
    return significant(perSecond / 1e9) + " G/s";
  }

  /** An amount of memory given in bytes, in KiB. */
  static String kibibytes(double bytes) {
    return significant(bytes / 1024) + " KiB";
  }

  /** A ratio such as {@code 2.41x}. */
  static String ratio(double ratio) {
    return Double.isNaN(ratio) || Double.isInfinite(ratio) ? "-" : significant(ratio) + "x";
  }

  /** Three significant digits for values from 1 up; two decimals below, so that small values keep them. */
  static String significant(double value) {
    double magnitude = Math.abs(value);
    String pattern = magnitude >= 100 ? "%.0f" : magnitude >= 10 ? "%.1f" : "%.2f";
    return String.format(Locale.ROOT, pattern, value);
  }
}
