package dev.isolates.examples.bench;

import dev.isolates.IsolateQueue;

/**
 * The tasks the benchmarks send into isolates. Each isolate loads its own copy of this class, so it is kept
 * small and free of JMH and Chronicle types: creating an isolate and making its first call then costs what
 * any small task costs, not the loading of a benchmark harness.
 */
final class Bench {
  private Bench() {}

  /** The task of {@code call(Bench::sum, 10, 2)}, as in Python's {@code interp.call(sum, 10, 2)}. */
  static int sum(int a, int b) {
    return a + b;
  }

  /** Computes inside the isolate and hands the result back over a queue, for {@code callInThread}. */
  static void addAndPut(IsolateQueue<Integer> results, int a, int b) {
    results.put(a + b);
  }

  /** The trivial task of the pool benchmarks. */
  static int one() {
    return 1;
  }

  /** The capturing task of the pool benchmarks. */
  static int twice(int value) {
    return value * 2;
  }

  /**
   * CPU-bound work with calls and branches in its loop, to measure what the cancellation checks that isolates
   * add to code cost: a loop back-edge gets one, {@link #step} (a leaf method) none.
   */
  static long work(int iterations) {
    long sum = 0;
    for (int i = 0; i < iterations; i++) {
      sum += step(i, sum);
    }
    return sum;
  }

  private static long step(int i, long sum) {
    return (i & 3) == 0 ? sum >>> 7 : i * 31L + (sum & 15);
  }
}
