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
}
