package dev.isolates.tests;

import dev.isolates.tests.shared.Rendezvous;
import java.util.function.LongUnaryOperator;

/**
 * A class whose class file {@link Definitions} defines again while the isolate runs. Nothing names it in code,
 * so that the isolate's own loader never loads it under its name.
 */
public final class Looping implements Runnable, LongUnaryOperator {
  static volatile long sink;

  /** A loop that checks nothing; opens the shared latch {@code "running"} first. */
  @Override
  public void run() {
    Rendezvous.open("running");
    long i = 0;
    while (true) {
      sink = i++;
    }
  }

  /** Sums 1 to n in a loop that uses JDK types alone, so that a loader without parents can run it. */
  @Override
  public long applyAsLong(long n) {
    long sum = 0;
    for (long i = 1; i <= n; i++) {
      sum += i;
    }
    return sum;
  }
}
