package dev.isolates.impl.loader;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Code that never ends on its own stops once its hooks are pending and stop() throws in its thread. */
class CancellationTest {
  private final TestHooks hooks = new TestHooks();
  private final IsolateClassLoader loader = Guests.loader(hooks);

  @Test
  void endlessLoop_stops() throws Exception {
    assertStops(started("loopForever"));
  }

  @Test
  void endlessRecursionWithoutALoop_stops() throws Exception {
    assertStops(started("recurseForever"));
  }

  @Test
  void loopThatCatchesThrowableAndCarriesOn_stops() throws Exception {
    assertStops(started("swallowEverything"));
  }

  @Test
  void pollsOfThreadsNotAskedToStop_returnAndTheThreadsGoOn() throws Exception {
    Running spinning = started("loopForever");
    Running stopping = started("loopForever");
    assertStops(stopping);
    assertThat(spinning.thread().getState()).isEqualTo(Thread.State.RUNNABLE);
    assertStops(spinning);
  }

  @Test
  void stoppedLoop_stillRunsItsFinallyBlock() throws Exception {
    AtomicBoolean cleanedUp = new AtomicBoolean();
    Running guest = started("loopWithFinally", AtomicBoolean.class, cleanedUp);
    assertStops(guest);
    assertThat(cleanedUp).isTrue();
  }

  @Test
  void stoppedLoopInASynchronizedBlock_releasesTheMonitor() throws Exception {
    Object lock = new Object();
    Running guest = started("loopHoldingMonitor", Object.class, lock);
    assertStops(guest);
    AtomicBoolean acquired = new AtomicBoolean();
    Thread other = new Thread(() -> {
      synchronized (lock) {
        acquired.set(true);
      }
    });
    other.start();
    other.join();
    assertThat(acquired).isTrue();
  }

  private void assertStops(Running guest) throws InterruptedException {
    hooks.stop(guest.thread());
    guest.thread().join(TimeUnit.SECONDS.toMillis(60));
    assertThat(guest.thread().isAlive()).as("%s is still running", guest.thread().getName()).isFalse();
    assertThat(guest.thrown().get()).isInstanceOf(TestHooks.Stopped.class);
  }

  /** Starts {@code Spin.method(running)}; see {@link #started(String, Class, Object)}. */
  private Running started(String method) throws Exception {
    return started(method, null, null);
  }

  /**
   * Starts a daemon thread running {@code Spin.method(running, argument)}, or {@code Spin.method(running)} if
   * the type is null, and returns once the method runs. A daemon, so that a failed test leaves no thread that
   * keeps the JVM from ending.
   */
  private Running started(String method, Class<?> type, Object argument) throws Exception {
    CountDownLatch running = new CountDownLatch(1);
    Method spin = type == null ? Guests.method(loader, "Spin", method, CountDownLatch.class)
        : Guests.method(loader, "Spin", method, CountDownLatch.class, type);
    Object[] arguments = type == null ? new Object[] {running} : new Object[] {running, argument};
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread thread = new Thread(() -> {
      try {
        Guests.call(spin, arguments);
      } catch (Throwable e) {
        thrown.set(e);
      }
    }, "guest-" + method);
    thread.setDaemon(true);
    thread.start();
    running.await();
    return new Running(thread, thrown);
  }

  private record Running(Thread thread, AtomicReference<Throwable> thrown) {}
}
