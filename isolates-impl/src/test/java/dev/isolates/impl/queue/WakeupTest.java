package dev.isolates.impl.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** No wake-up is lost, however the signal and the park interleave. */
class WakeupTest {
  private static final long FOREVER = Long.MAX_VALUE;

  /**
   * Two threads hand a turn back and forth twenty thousand times, each waiting without spinning and with parks
   * that never time out: a single lost wake-up leaves both waiting for good, and the test fails on its timeout.
   */
  @Test
  void pingPong_withParksThatNeverTimeOut_losesNoWakeup() {
    AtomicLong ping = new AtomicLong();
    AtomicLong pong = new AtomicLong();
    Wakeup pinged = new Wakeup(ping::get, FOREVER, 0);
    Wakeup ponged = new Wakeup(pong::get, FOREVER, 0);
    int rounds = 20_000;
    assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
      Thread echo = new Thread(() -> {
        for (long round = 1; round <= rounds; round++) {
          awaitValue(ping, pinged, round);
          pong.set(round);
          ponged.signal();
        }
      });
      echo.start();
      for (long round = 1; round <= rounds; round++) {
        ping.set(round);
        pinged.signal();
        awaitValue(pong, ponged, round);
      }
      echo.join();
    });
    assertThat(pong.get()).isEqualTo(rounds);
  }

  /**
   * A signal wakes one waiter. Four threads each take a thousand permits, waiting without spinning and with parks
   * that never time out, while the test hands out the permits one at a time with one signal each: if a signal
   * reached no waiter, or a waiter woken for a permit that another thread took were left parked while permits
   * remain, a thread would wait for good and the test fail on its timeout.
   */
  @Test
  void signal_wakesOneWaiterPerChange_andNoneIsLeftWaitingWhileThereIsSomethingToTake() {
    AtomicLong changes = new AtomicLong();
    AtomicInteger permits = new AtomicInteger();
    Wakeup wakeup = new Wakeup(changes::get, FOREVER, 0);
    int waiters = 4;
    int rounds = 1_000;
    assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
      List<Thread> threads = new ArrayList<>();
      for (int w = 0; w < waiters; w++) {
        Thread thread = new Thread(() -> {
          for (int taken = 0; taken < rounds; ) {
            long seen = changes.get();
            int available = permits.get();
            if (available == 0) {
              wakeup.await(seen, FOREVER);
            } else if (permits.compareAndSet(available, available - 1)) {
              taken++;
            }
          }
        });
        thread.start();
        threads.add(thread);
      }
      for (int i = 0; i < waiters * rounds; i++) {
        permits.incrementAndGet();
        changes.incrementAndGet();
        wakeup.signal();
      }
      for (Thread thread : threads) {
        thread.join();
      }
    });
    assertThat(permits.get()).isZero();
  }

  private static void awaitValue(AtomicLong counter, Wakeup wakeup, long value) {
    while (counter.get() < value) {
      wakeup.await(value - 1, FOREVER);
    }
  }

  /**
   * A waiter whose counter never moves and whose parks never time out returns because of its deadline alone, or
   * not at all (then the guard fails the test). Whether it returns early is not asked: a condition's wait may
   * end spuriously, which is why callers check the queue again.
   */
  @Test
  void await_returnsByItsDeadline_whenNothingChanges() {
    AtomicLong counter = new AtomicLong();
    Wakeup wakeup = new Wakeup(counter::get, FOREVER, 0);
    assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
      wakeup.await(0, System.nanoTime() + 20_000_000);
      wakeup.await(0, System.nanoTime() - 1); // a deadline already past
    });
  }
}
