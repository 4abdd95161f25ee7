package dev.isolates.tests.guests;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Guest code with the three ways to make a thread-local; each holds objects of this isolate's classes, which a
 * plain thread-local would leak through a long-lived thread.
 */
public final class Locals {
  public static final ThreadLocal<Object> PLAIN = new ThreadLocal<>();
  public static final ThreadLocal<Object> SUPPLIED = ThreadLocal.withInitial(Locals::new);
  public static final ThreadLocal<Object> SUBCLASSED = new ThreadLocal<>() {
    @Override
    protected Object initialValue() {
      return new Locals();
    }
  };
  public static final ThreadLocal<Object> BY_REFERENCE = make(ThreadLocal::new);

  private static final AtomicInteger CREATED = new AtomicInteger();
  private final int number = CREATED.incrementAndGet();

  /** Gives PLAIN a value in this thread if it has none, and returns the values this thread sees. */
  public static String useAll() {
    if (PLAIN.get() == null) {
      PLAIN.set(new Locals());
    }
    return PLAIN.get() + " " + SUPPLIED.get() + " " + SUBCLASSED.get();
  }

  /** Removes this thread's value of PLAIN. */
  public static void removePlain() {
    PLAIN.remove();
  }

  private static ThreadLocal<Object> make(Supplier<ThreadLocal<Object>> factory) {
    return factory.get();
  }

  @Override
  public String toString() {
    return "Locals#" + number;
  }
}
