package dev.isolates.tests.shared;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Latches that tests and isolates share: tests create isolates with {@code sharedPackages("dev.isolates.tests.shared")}
 * so that this class, and its static map, is the same in all of them.
 */
public final class Rendezvous {
  private static final ConcurrentHashMap<String, CountDownLatch> LATCHES = new ConcurrentHashMap<>();

  private Rendezvous() {}

  public static CountDownLatch latch(String name) {
    return LATCHES.computeIfAbsent(name, key -> new CountDownLatch(1));
  }

  public static void open(String name) {
    latch(name).countDown();
  }

  /** Waits for the latch to open, at most 10 seconds; returns whether it opened. */
  public static boolean await(String name) throws InterruptedException {
    return latch(name).await(10, TimeUnit.SECONDS);
  }

  public static void reset() {
    LATCHES.clear();
  }
}
