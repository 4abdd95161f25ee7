package dev.isolates.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.isolates.CancelReason;
import dev.isolates.ExecutionCancelledException;
import dev.isolates.Isolate;
import dev.isolates.IsolateConfig;
import dev.isolates.IsolateException;
import dev.isolates.IsolateExitException;
import dev.isolates.IsolateLimits;
import dev.isolates.IsolateNotFoundException;
import dev.isolates.IsolateQueue;
import dev.isolates.IsolateUsage;
import dev.isolates.IsolatedRunnable;
import dev.isolates.Isolates;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Cancel, terminate, limits and usage: control of code that never checks anything. */
class ControlTest {
  private static final Duration LONG = Duration.ofSeconds(30);

  /** Isolates share the latch that runaway tasks open once they run their endless part. */
  private static IsolateConfig.Builder config() {
    return IsolateConfig.builder().sharedPackages("dev.isolates.tests.shared");
  }

  private static void assertCancelled(Throwable failure, CancelReason reason, String where) {
    assertThat(failure).isInstanceOfSatisfying(ExecutionCancelledException.class, e -> {
      assertThat(e.reason()).isEqualTo(reason);
      assertThat(e.excInfo().stackTrace()).as("where the task was").contains(where);
    });
  }

  @Test
  void cancel_stopsCodeThatChecksNothing_andTheIsolateStaysUsable() throws InterruptedException {
    try (Isolate isolate = Isolates.create(config().build())) {
      for (IsolatedRunnable runaway : new IsolatedRunnable[] {Runaway::spin, () -> Runaway.recurse(200),
          Runaway::swallow}) {
        Caller caller = Caller.untilRunning(isolate, runaway);
        assertThat(isolate.cancel(LONG)).isTrue();
        assertCancelled(caller.end(), CancelReason.CANCEL, "dev.isolates.tests.Runaway.");
        assertThat(caller.isInterrupted()).as("the cancel's interrupt is cleared").isFalse();
      }
      assertThat(isolate.call(Demo::sum, 20, 22)).isEqualTo(42);
      assertThat(isolate.usage().failedCalls()).isEqualTo(3);
    }
  }

  @Test
  void cancel_wakesThreadsBlockedInTheJdk() throws InterruptedException {
    try (Isolate isolate = Isolates.create(config().build()); IsolateQueue<Object> queue = Isolates.createQueue()) {
      for (IsolatedRunnable blocked : new IsolatedRunnable[] {Runaway::sleepForever, Runaway::waitForever,
          Runaway::parkForever, () -> Runaway.takeFrom(queue), Runaway::takeFromBlockingQueue}) {
        Caller caller = Caller.untilRunning(isolate, blocked);
        assertThat(isolate.cancel(LONG)).isTrue();
        assertThat(caller.end()).isInstanceOfSatisfying(ExecutionCancelledException.class,
            e -> assertThat(e.reason()).isEqualTo(CancelReason.CANCEL));
      }
    }
  }

  @Test
  void cancel_ofAnIdleIsolate_returnsTrueAtOnce_andOfMainOrAClosedOneIsRefused() {
    Isolate isolate = Isolates.create();
    assertThat(isolate.cancel(Duration.ZERO)).isTrue();
    assertThatThrownBy(() -> isolate.cancel(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Isolates.main().cancel(LONG)).isInstanceOf(IsolateException.class)
        .hasMessageContaining("main isolate cannot be cancelled");
    isolate.close();
    assertThatThrownBy(() -> isolate.cancel(LONG)).isInstanceOf(IsolateNotFoundException.class);
    isolate.terminate(LONG); // no effect once closed
  }

  @Test
  void aCallInThreadTask_endsWithTheCancellation_inItsUncaughtExceptionHandler() throws InterruptedException {
    AtomicReference<Throwable> uncaught = new AtomicReference<>();
    try (Isolate isolate = Isolates.create(config().build())) {
      Thread thread = isolate.callInThread(Runaway::spin);
      thread.setUncaughtExceptionHandler((t, e) -> uncaught.set(e));
      assertThat(isolate.cancel(LONG)).isTrue();
      thread.join(30_000);
    }
    assertCancelled(uncaught.get(), CancelReason.CANCEL, "Runaway.spin");
  }

  @Test
  void terminate_closesARunawayIsolate() throws InterruptedException {
    Isolate isolate = Isolates.create(config().build());
    Caller caller = Caller.untilRunning(isolate, Runaway::spin);
    isolate.terminate(LONG);
    assertThat(isolate.isClosed()).isTrue();
    assertCancelled(caller.end(), CancelReason.CANCEL, "Runaway.spin");
  }

  @Test
  void callTimeout_stopsTheSlowCallAlone() throws InterruptedException {
    IsolateConfig config = IsolateConfig.builder()
        .limits(IsolateLimits.builder().callTimeout(Duration.ofMillis(200)).build()).build();
    try (Isolate isolate = Isolates.create(config)) {
      assertThatThrownBy(() -> isolate.call(Runaway::spin))
          .isInstanceOfSatisfying(ExecutionCancelledException.class,
              e -> assertThat(e.reason()).isEqualTo(CancelReason.CALL_TIMEOUT))
          .hasMessageContaining("ran longer than the callTimeout of isolate " + isolate.id() + ", PT0.2S");
      assertThat(isolate.call(Demo::sum, 20, 22)).as("a call that ends in time").isEqualTo(42);
    }
  }

  @Test
  void callAllocatedBytes_stopsACallThatAllocatesTooMuch() {
    IsolateConfig config = IsolateConfig.builder()
        .limits(IsolateLimits.builder().callAllocatedBytes(64L << 20).build()).build();
    try (Isolate isolate = Isolates.create(config)) {
      assertThatThrownBy(() -> isolate.call(Runaway::allocate))
          .isInstanceOfSatisfying(ExecutionCancelledException.class,
              e -> assertThat(e.reason()).isEqualTo(CancelReason.CALL_ALLOCATION));
      assertThat(isolate.call(Demo::sum, 1, 1)).isEqualTo(2);
      assertThat(isolate.usage().allocatedBytes()).isGreaterThan(64L << 20);
    }
  }

  @Test
  void cpuTime_exhaustsTheIsolate_whichRefusesLaterCalls_butCloses() {
    IsolateConfig config = IsolateConfig.builder()
        .limits(IsolateLimits.builder().cpuTime(Duration.ofMillis(100)).build()).build();
    Isolate isolate = Isolates.create(config);
    assertThatThrownBy(() -> isolate.call(Runaway::spin))
        .isInstanceOfSatisfying(ExecutionCancelledException.class,
            e -> assertThat(e.reason()).isEqualTo(CancelReason.CPU_TIME));
    assertThatThrownBy(() -> isolate.call(Demo::sum, 1, 1))
        .isInstanceOfSatisfying(ExecutionCancelledException.class,
            e -> assertThat(e.reason()).isEqualTo(CancelReason.CPU_TIME))
        .hasMessageContaining("refused the call: its tasks used more than its cpuTime limit, PT0.1S");
    assertThat(isolate.usage().cpuTime()).isGreaterThanOrEqualTo(Duration.ofMillis(100));
    isolate.close();
  }

  @Test
  void threads_refusesTheCallThatWouldPassIt() throws InterruptedException {
    IsolateConfig config = config().limits(IsolateLimits.builder().threads(1).build()).build();
    try (Isolate isolate = Isolates.create(config)) {
      Caller caller = Caller.untilRunning(isolate, Runaway::spin);
      assertThatThrownBy(() -> isolate.call(Demo::sum, 1, 1)).isExactlyInstanceOf(IsolateException.class)
          .hasMessageContaining("its limit threads=1 is reached");
      assertThatThrownBy(() -> isolate.callInThread(Demo::countCall)).isExactlyInstanceOf(IsolateException.class);
      isolate.cancel(LONG);
      caller.end();
      assertThat(isolate.call(Demo::sum, 1, 1)).isEqualTo(2);
    }
  }

  @Test
  void usage_measuresCpuTimeAndAllocation_whenAccounted() {
    try (Isolate accounted = Isolates.create(IsolateConfig.builder().accounting(true).build());
        Isolate plain = Isolates.create()) {
      // Work until the isolate's own usage shows it, however slowly a loaded machine lets the loop run.
      assertThat(accounted.call(Runaway::busyUntilAccounted, 50L)).as("50 ms of CPU time measured").isTrue();
      plain.call(() -> Runaway.busyFor(20));
      IsolateUsage usage = accounted.usage();
      assertThat(usage.accounted()).isTrue();
      assertThat(usage.cpuTime()).isGreaterThan(Duration.ofMillis(50));
      assertThat(usage.allocatedBytes()).isPositive();
      assertThat(plain.usage().accounted()).isFalse();
      assertThat(plain.usage().cpuTime()).isZero();
    }
  }

  @Test
  void systemExit_inTheIsolatesCode_endsTheTask_notTheJvm() {
    try (Isolate isolate = Isolates.create()) {
      assertThatThrownBy(() -> isolate.call(Runaway::exit, 3))
          .isInstanceOfSatisfying(IsolateExitException.class, e -> assertThat(e.status()).isEqualTo(3));
      assertThatThrownBy(() -> isolate.call(Runaway::halt, 4))
          .isInstanceOfSatisfying(IsolateExitException.class, e -> assertThat(e.status()).isEqualTo(4));
      assertThatThrownBy(() -> isolate.call((dev.isolates.IsolatedConsumer<Integer>) System::exit, 5))
          .as("a task that is System::exit itself")
          .isInstanceOfSatisfying(IsolateExitException.class, e -> assertThat(e.status()).isEqualTo(5));
      assertThat(isolate.call(Demo::sum, 1, 1)).isEqualTo(2);
    }
  }
}
