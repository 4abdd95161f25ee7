package dev.isolates.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.isolates.ExecutionFailedException;
import dev.isolates.Isolate;
import dev.isolates.IsolateConfig;
import dev.isolates.IsolateException;
import dev.isolates.IsolateLimits;
import dev.isolates.Isolates;
import dev.isolates.impl.TestAccess;
import dev.isolates.tests.shared.Rendezvous;
import java.lang.ref.WeakReference;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Virtual threads that an isolate's code starts are inside it (JDK 21 and later; compiled only there). */
class VirtualThreadsTest {
  private static final Duration LONG = Duration.ofSeconds(30);

  private static IsolateConfig.Builder config() {
    return IsolateConfig.builder().sharedPackages("dev.isolates.tests.shared");
  }

  @AfterEach
  void reset() {
    Rendezvous.reset();
  }

  private static void awaitLatch(String name) throws InterruptedException {
    assertThat(Rendezvous.await(name)).as("latch '%s' opened", name).isTrue();
  }

  @Test
  void aVirtualThread_executesInsideTheIsolateThatStartedIt() throws Exception {
    try (Isolate isolate = Isolates.create(config().build())) {
      assertThat(isolate.call(VirtualGuests::idInVirtualThread)).isEqualTo(isolate.id());
    }
  }

  @Test
  void virtualThreadsStartedInside_countAsInside_refuseClose_andTerminateStopsThem() throws Exception {
    Isolate isolate = Isolates.create(config().build());
    isolate.call(VirtualGuests::startSpinnerAndSleeper);
    awaitLatch("spinning");
    awaitLatch("sleeping");
    assertThat(isolate.isRunning()).isTrue();
    assertThat(isolate.usage().threadsInside()).isEqualTo(2);
    assertThatThrownBy(isolate::close).isInstanceOf(IsolateException.class).hasMessageContaining("'spinner'");
    WeakReference<ClassLoader> loader = TestAccess.loaderOf(isolate);
    isolate.terminate(LONG);
    assertThat(isolate.isClosed()).isTrue();
    assertThat(TestAccess.collected(loader)).as("the terminated isolate's loader was collected").isTrue();
  }

  @Test
  void aVirtualThreadPerTaskExecutor_isInside_andCancelStopsItsTasks() throws Exception {
    try (Isolate isolate = Isolates.create(config().build())) {
      isolate.call(VirtualGuests::submitToVirtualExecutor);
      awaitLatch("spinning");
      awaitLatch("sleeping");
      assertThat(isolate.usage().threadsInside()).isEqualTo(2);
      assertThat(isolate.cancel(LONG)).isTrue();
      assertThat(isolate.isRunning()).isFalse();
    }
  }

  @Test
  void theThreadsLimit_countsVirtualThreads() {
    IsolateConfig limited = config().limits(IsolateLimits.builder().threads(3).build()).build();
    try (Isolate isolate = Isolates.create(limited)) {
      assertThatThrownBy(() -> isolate.call(VirtualGuests::startThroughFactory, 3))
          .isInstanceOfSatisfying(ExecutionFailedException.class, e -> {
            assertThat(e.excInfo().typeName()).isEqualTo(IsolateException.class.getName());
            assertThat(e.excInfo().message()).contains("threads=3");
          });
      assertThat(isolate.usage().threadsInside()).isEqualTo(2);
      Rendezvous.open("stop");
      isolate.terminate(LONG);
    }
  }
}
