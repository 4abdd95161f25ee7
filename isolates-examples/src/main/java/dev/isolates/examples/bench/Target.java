package dev.isolates.examples.bench;

/**
 * A goal for one of our medians: at most (latency, memory) or at least (throughput) a limit, either in the units
 * of {@link Figure} or as a ratio of our median to the baseline's in the same run.
 *
 * @param limit the bound, in nanoseconds, items per second or bytes, or the ratio
 * @param atLeast true if the median (or the ratio) must reach the limit, false if it must stay at or under it
 * @param ofRatio true if the limit bounds ours/base rather than our median
 */
record Target(double limit, boolean atLeast, boolean ofRatio) {

  /** A target of at most {@code limit}. */
  static Target atMost(double limit) {
    return new Target(limit, false, false);
  }

  /** A target of at least {@code limit}. */
  static Target atLeast(double limit) {
    return new Target(limit, true, false);
  }

  /** A target of ours/base at most {@code ratio}. */
  static Target ratioAtMost(double ratio) {
    return new Target(ratio, false, true);
  }

  /** A target of ours/base at least {@code ratio}. */
  static Target ratioAtLeast(double ratio) {
    return new Target(ratio, true, true);
  }

  /** Tells whether our median, next to the baseline's, meets this target. */
  boolean isMetBy(double median, double baseMedian) {
    double value = ofRatio ? median / baseMedian : median;
    return atLeast ? value >= limit : value <= limit;
  }
}
