package dev.isolates.examples;

import dev.isolates.Isolate;
import dev.isolates.IsolateQueue;
import dev.isolates.Isolates;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Parallel CPU work: counts the primes below a bound by splitting the range over N isolates, each working in a
 * thread of its own and sending its count back over a queue. No state is shared; only numbers cross. Prints the
 * time with 1 worker and with N (the number of cores), and the speed-up.
 *
 * <p>A figure a reader can trust: each isolate has its own copy of the classes, so the JIT compiles the loop once
 * per isolate, and a run in fresh isolates would measure the compiler. The isolates are made once, an untimed
 * round warms every one of them, and then the same isolates run a few rounds with 1 worker and with N; the
 * speed-up compares the best round of each, and every round is printed, so that a round the machine slowed shows.
 */
public final class Parallel {
  static final int BOUND = 5_000_000;
  static final int ROUNDS = 3;

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

  /** Counts the primes below {@code bound} with one worker in each of {@code workers}; returns {count, nanos}. */
  static long[] run(List<Isolate> workers, int bound) throws InterruptedException {
    try (IsolateQueue<Long> results = Isolates.createQueue()) {
      long start = System.nanoTime();
      List<Thread> threads = new ArrayList<>();
      for (int w = 0; w < workers.size(); w++) {
        // Interleaved slices, so that every worker gets as many large numbers as the others.
        threads.add(workers.get(w).callInThread(Parallel::countSlice, results,
            new long[] {w, workers.size(), bound}));
      }
      long total = 0;
      for (int w = 0; w < workers.size(); w++) {
        total += results.get();
      }
      long elapsed = System.nanoTime() - start;
      for (Thread thread : threads) {
        thread.join();
      }
      return new long[] {total, elapsed};
    }
  }

  static void countSlice(IsolateQueue<Long> results, long[] slice) {
    results.put(countPrimes(slice));
  }

  /**
   * Counts the primes in every {@code workers}-th block of 10,000 numbers below {@code bound}, starting at block
   * {@code worker}: {@code slice} is {worker, workers, bound}.
   */
  static long countPrimes(long[] slice) {
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
    return count;
  }

  public static void main(String[] args) throws InterruptedException {
    int cores = Runtime.getRuntime().availableProcessors();
    int bound = args.length > 0 ? Integer.parseInt(args[0]) : BOUND;
    List<Isolate> isolates = new ArrayList<>();
    try {
      for (int w = 0; w < cores; w++) {
        isolates.add(Isolates.create());
      }
      long count = run(isolates, bound)[0]; // warm-up: every isolate's copy of the loop is compiled
      boolean sameCount = true;
      long[] one = new long[ROUNDS];
      long[] many = new long[ROUNDS];
      for (int round = 0; round < ROUNDS; round++) {
        long[] alone = run(isolates.subList(0, 1), bound);
        long[] together = run(isolates, bound);
        sameCount &= alone[0] == count && together[0] == count;
        one[round] = alone[1];
        many[round] = together[1];
      }
      System.out.printf("primes below %,d: %,d (the same count in every round: %s)%n", bound, count, sameCount);
      System.out.printf("1 worker:  %s%n", millis(one));
      System.out.printf("%d workers: %s%n", cores, millis(many));
      System.out.printf("speed-up:  %.2fx on %d cores (best round of %d against best round, in isolates warmed up"
          + " by an untimed round)%n", (double) best(one) / best(many), cores, ROUNDS);
    } finally {
      isolates.forEach(Isolate::close);
    }
  }

  /** The rounds' times, as {@code 683, 663, 662 ms (best 662 ms)}. */
  private static String millis(long[] nanos) {
    StringBuilder text = new StringBuilder();
    for (long each : nanos) {
      text.append(text.length() == 0 ? "" : ", ").append(String.format("%,d", each / 1_000_000));
    }
    return text + " ms (best " + String.format("%,d", best(nanos) / 1_000_000) + " ms)";
  }

  private static long best(long[] nanos) {
    return Arrays.stream(nanos).min().orElseThrow();
  }
}
