package dev.isolates.tests;

import dev.isolates.Isolate;
import dev.isolates.IsolateQueue;
import dev.isolates.Isolates;
import dev.isolates.tests.shared.Rendezvous;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * Tasks that never end on their own, for the control tests: each isolate loads its own copy. Each opens the
 * shared latch {@code "running"} once it runs its endless part, so that a test knows when to stop it (the
 * isolate must share {@code dev.isolates.tests.shared}).
 */
public final class Runaway {
  static volatile long sink;

  private Runaway() {}

  /** A loop that checks nothing. */
  public static void spin() {
    Rendezvous.open("running");
    long i = 0;
    while (true) {
      sink = i++;
    }
  }

  /** A recursion without a loop, deep enough to run for ages before the stack would end it. */
  public static long recurse(int depth) {
    Rendezvous.open("running");
    if (depth == 0) {
      return 0;
    }
    return recurse(depth - 1) + recurse(depth - 1);
  }

  /** A loop that catches everything and carries on. */
  public static void swallow() {
    Rendezvous.open("running");
    while (true) {
      try {
        sink++;
        if (sink % 1_000 == 0) {
          throw new IllegalStateException("carry on");
        }
      } catch (Throwable anything) {
        sink--;
      }
    }
  }

  public static void sleepForever() throws InterruptedException {
    Rendezvous.open("running");
    Thread.sleep(Long.MAX_VALUE);
  }

  public static void waitForever() throws InterruptedException {
    Object lock = new Object();
    synchronized (lock) {
      Rendezvous.open("running");
      lock.wait();
    }
  }

  public static void parkForever() {
    Rendezvous.open("running");
    while (true) {
      LockSupport.park();
    }
  }

  public static Object takeFrom(IsolateQueue<Object> queue) {
    Rendezvous.open("running");
    return queue.get();
  }

  public static Object takeFromBlockingQueue() throws InterruptedException {
    Rendezvous.open("running");
    return new ArrayBlockingQueue<Object>(1).take();
  }

  /** Allocates without end, keeping nothing. */
  public static void allocate() {
    while (true) {
      sink += new byte[1024].length;
    }
  }

  /**
   * Spins until the isolate it runs in has been measured using more than {@code millis} of CPU time, and returns
   * true; false if a minute passes first (a guard against accounting that never counts, not a time limit).
   */
  public static boolean busyUntilAccounted(long millis) {
    Duration threshold = Duration.ofMillis(millis);
    Isolate self = Isolates.current();
    long guard = System.nanoTime() + 60_000_000_000L;
    while (self.usage().cpuTime().compareTo(threshold) <= 0) {
      if (System.nanoTime() - guard > 0) {
        return false;
      }
      for (int i = 0; i < 100_000; i++) {
        sink += i;
      }
    }
    return true;
  }

  /** Spins for a while, then returns how many rounds it made. */
  public static long busyFor(long millis) {
    long end = System.nanoTime() + millis * 1_000_000;
    long i = 0;
    while (System.nanoTime() < end) {
      i++;
    }
    return i;
  }

  public static void exit(int status) {
    System.exit(status);
  }

  public static void halt(int status) {
    Runtime.getRuntime().halt(status);
  }
}
