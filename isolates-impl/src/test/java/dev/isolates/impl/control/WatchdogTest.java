package dev.isolates.impl.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.isolates.Isolate;
import dev.isolates.IsolateConfig;
import dev.isolates.Isolates;
import org.junit.jupiter.api.Test;

/** The watchdog looks at a thread only while it is inside a watched isolate. */
class WatchdogTest {

  /** Whether the watchdog looks at the calling thread; this package is shared, so isolates see the same class. */
  static boolean watchedNow() {
    return Watchdog.watches(Thread.currentThread());
  }

  @Test
  void aThreadThatLeftEveryWatchedIsolate_isForgotten_andWatchedAgainWhenItReturns() {
    Thread self = Thread.currentThread();
    try (Isolate accounted = Isolates.create(IsolateConfig.builder().accounting(true).build())) {
      assertThat(accounted.call(WatchdogTest::watchedNow)).as("watched once it entered").isTrue();
      awaitForgotten(self);
      assertThat(accounted.call(WatchdogTest::watchedNow)).as("watched again").isTrue();
      awaitForgotten(self);
    }
  }

  /** Waits for the watchdog's next ticks to forget the thread; the deadline only guards against a hang. */
  private static void awaitForgotten(Thread thread) {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (Watchdog.watches(thread) && System.nanoTime() < deadline) {
      Thread.yield(); // the watchdog ticks every 2 ms
    }
    assertThat(Watchdog.watches(thread)).as("forgotten after it left").isFalse();
  }
}
