package dev.isolates.examples.bench;

/**
 * One measured figure in a common unit: nanoseconds for latencies, items per second for throughputs, bytes
 * for memory. The 99th percentile is NaN where there is none (throughputs, memory).
 *
 * @param kind what was measured, which decides the unit and which direction is better
 * @param median the median
 * @param p99 the 99th percentile, or NaN
 */
record Figure(Kind kind, double median, double p99) {

  /** What a figure measures. */
  enum Kind {
    /** Time per operation, in nanoseconds: lower is better. */
    LATENCY,
    /** Operations per second: higher is better. */
    THROUGHPUT,
    /** Bytes: lower is better. */
    MEMORY,
    /** Bytes allocated per operation: lower is better. */
    ALLOCATION;

    /** Tells whether a lower figure is the better one. */
    boolean lowerIsBetter() {
      return this != THROUGHPUT;
    }
  }

  /** A latency, from nanoseconds. */
  static Figure latency(double medianNanos, double p99Nanos) {
    return new Figure(Kind.LATENCY, medianNanos, p99Nanos);
  }

  /** A throughput, from operations per second. */
  static Figure throughput(double perSecond) {
    return new Figure(Kind.THROUGHPUT, perSecond, Double.NaN);
  }

  /** Bytes allocated per operation. */
  static Figure allocation(double bytes) {
    return new Figure(Kind.ALLOCATION, bytes, Double.NaN);
  }

  /** An amount of memory, from bytes. */
  static Figure memory(double bytes) {
    return new Figure(Kind.MEMORY, bytes, Double.NaN);
  }
}
