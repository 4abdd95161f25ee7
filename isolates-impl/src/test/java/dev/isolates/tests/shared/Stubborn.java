package dev.isolates.tests.shared;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Shared code that ignores interrupts until released: loaded once, by the application's loader, so the class
 * rewriting never put a poll in it, as in the JDK's own code. Cancel cannot stop a thread while it runs here.
 */
public final class Stubborn {
  private static final AtomicBoolean RELEASED = new AtomicBoolean();

  private Stubborn() {}

  public static void spinUntilReleased() {
    Rendezvous.open("stubborn");
    while (!RELEASED.get()) {
      Thread.onSpinWait();
    }
  }

  public static void release() {
    RELEASED.set(true);
  }

  public static void reset() {
    RELEASED.set(false);
  }
}
