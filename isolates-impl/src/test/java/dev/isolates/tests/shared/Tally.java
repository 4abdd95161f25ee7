package dev.isolates.tests.shared;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Counters that tests and isolates share, as {@link Rendezvous} shares latches. */
public final class Tally {
  private static final ConcurrentHashMap<String, AtomicInteger> COUNTS = new ConcurrentHashMap<>();

  private Tally() {}

  public static int increment(String name) {
    return COUNTS.computeIfAbsent(name, key -> new AtomicInteger()).incrementAndGet();
  }

  public static int get(String name) {
    AtomicInteger count = COUNTS.get(name);
    return count == null ? 0 : count.get();
  }

  public static void reset() {
    COUNTS.clear();
  }
}
