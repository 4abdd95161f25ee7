package dev.isolates.examples;

import dev.isolates.Isolate;
import dev.isolates.IsolateQueue;
import dev.isolates.Isolates;
import java.util.ArrayList;
import java.util.List;

/**
 * Parallel CPU work: counts the primes below a bound by splitting the range over N isolates, each working in a
 * thread of its own and sending its count back over a queue. No state is shared; only numbers cross. Prints
 * the time with 1 worker and with N (the number of cores) and the speed-up.
 */
public final class Parallel {
  static final int BOUND = 5_000_000;

  private Parallel() {}

  static boolean isPrime(long n) {
    if (n % 2 == 0) {
      return n == 2;
    }
    for (long d = 3; d * d <= n; d += 2) {
      if (n % d == 0) {
        return false;
      }
    }
    return true;
  }

  /** Counts the primes below {@code bound} with {@code workers} isolates; returns {count, elapsed nanos}. */
  static long[] run(int workers, int bound) throws InterruptedException {
    List<Isolate> isolates = new ArrayList<>();
    try (IsolateQueue<Long> results = Isolates.createQueue()) {
      for (int w = 0; w < workers; w++) {
        isolates.add(Isolates.create());
      }
      long start = System.nanoTime();
      List<Thread> threads = new ArrayList<>();
      for (int w = 0; w < workers; w++) {
        // Interleaved slices, so that every worker gets as many large numbers as the others.
        threads.add(isolates.get(w).callInThread(Parallel::countSlice, results, new long[] {w, workers, bound}));
      }
      long total = 0;
      for (int w = 0; w < workers; w++) {
        total += results.get();
      }
      long elapsed = System.nanoTime() - start;
      for (Thread thread : threads) {
        thread.join();
      }
      return new long[] {total, elapsed};
    } finally {
      isolates.forEach(Isolate::close);
    }
  }

  /** Counts the primes in every {@code workers}-th block of 10,000 numbers, starting at block {@code worker}. */
  static void countSlice(IsolateQueue<Long> results, long[] slice) {
    long worker = slice[0];
    long workers = slice[1];
    long bound = slice[2];
    long count = 0;
    for (long block = worker * 10_000; block < bound; block += workers * 10_000) {
      for (long n = Math.max(2, block); n < Math.min(bound, block + 10_000); n++) {
        if (isPrime(n)) {
          count++;
        }
      }
    }
    results.put(count);
  }

  public static void main(String[] args) throws InterruptedException {
    int cores = Runtime.getRuntime().availableProcessors();
    int bound = args.length > 0 ? Integer.parseInt(args[0]) : BOUND;
    run(1, bound / 10); // warm-up: let the JIT compile the loop once
    long[] one = run(1, bound);
    long[] many = run(cores, bound);
    System.out.printf("primes below %,d: %,d%n", bound, one[0]);
    System.out.printf("1 worker:  %,6d ms%n", one[1] / 1_000_000);
    System.out.printf("%d workers: %,6d ms (the same count: %s)%n", cores, many[1] / 1_000_000, one[0] == many[0]);
    System.out.printf("speed-up:  %.2fx on %d cores%n", (double) one[1] / many[1], cores);
  }
}
