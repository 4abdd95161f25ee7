package dev.isolates.tests.guests;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/** Guest code that never ends on its own, for the cancellation tests; each method counts down once running. */
public final class Spin {
  private int value;

  /** A leaf method: it invokes nothing, so it gets no poll. */
  public int getValue() {
    return value;
  }

  public static void loopForever(CountDownLatch running) {
    running.countDown();
    while (true) {
      // spins; only the poll at the back-edge can stop it
    }
  }

  /** Recursion without a loop: a binary tree of calls 64 levels deep, which never finishes and never overflows. */
  public static void recurseForever(CountDownLatch running) {
    running.countDown();
    branch(0);
  }

  private static void branch(int depth) {
    if (depth < 64) {
      branch(depth + 1);
      branch(depth + 1);
    }
  }

  public static void swallowEverything(CountDownLatch running) {
    running.countDown();
    while (true) {
      try {
        while (true) {
          // spins
        }
      } catch (Throwable carryOn) {
        // what a careless author writes; the poll at this handler's start throws again
      }
    }
  }

  public static void loopWithFinally(CountDownLatch running, AtomicBoolean cleanedUp) {
    try {
      running.countDown();
      while (true) {
        // spins
      }
    } finally {
      cleanedUp.set(true);
    }
  }

  public static void loopHoldingMonitor(CountDownLatch running, Object lock) {
    synchronized (lock) {
      running.countDown();
      while (true) {
        // spins
      }
    }
  }
}
