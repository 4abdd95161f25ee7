package dev.isolates.examples.bench;

/**
 * A goal for one of our medians: at most (latency, memory) or at least (throughput) a limit, in the units of
 * {@link Figure}.
 *
 * @param limit the bound, in nanoseconds, items per second or bytes
 * @param atLeast true if the median must reach the limit, false if it must stay at or under it
 */
record Target(double limit, boolean atLeast) {

  /** A target of at most {@code limit}. */
  static Target atMost(double limit) {
    return new Target(limit, false);
  }

  /** A target of at least {@code limit}. */
  static Target atLeast(double limit) {
    return new Target(limit, true);
  }

  /** Tells whether a median meets this target. */
  boolean isMetBy(double median) {
    return atLeast ? median >= limit : median <= limit;
  }
}
