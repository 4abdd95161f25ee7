package dev.isolates.examples.bench;

import dev.isolates.IsolateQueue;
import java.util.stream.LongStream;

/**
 * The tasks the benchmarks send into isolates. Each isolate loads its own copy of this class, so it is kept
 * small and free of JMH and Chronicle types: creating an isolate and making its first call then costs what
 * any small task costs, not the loading of a benchmark harness.
 */
final class Bench {
  private Bench() {}

  /** A parallel stream's work: inside an isolate it runs in the isolate's own fork/join pool. */
  static long parallelWork(int n) {
    return LongStream.range(0, n).parallel().map(i -> i * i % 7).sum();
  }

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

  /** The CPU-bound task of the grid benchmarks: counts the primes below a bound by trial division. */
  static int primesBelow(int bound) {
    int count = bound > 2 ? 1 : 0;
    for (int n = 3; n < bound; n += 2) {
      boolean prime = true;
      for (int d = 3; d * d <= n && prime; d += 2) {
        prime = n % d != 0;
      }
      if (prime) {
        count++;
      }
    }
    return count;
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
