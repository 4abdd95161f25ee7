package dev.isolates.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.isolates.Isolate;
import dev.isolates.IsolateConfig;
import dev.isolates.IsolateException;
import dev.isolates.IsolatedRunnable;
import dev.isolates.Isolates;
import dev.isolates.impl.TestAccess;
import dev.isolates.tests.shared.Rendezvous;
import java.beans.BeanInfo;
import java.beans.Introspector;
import java.lang.ref.WeakReference;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Legacy code and real libraries inside isolates (H2's JDBC driver, threads, timers and pools, shutdown hooks),
 * and what the JDK holds for them released at close: each check ends with the closed isolate's class loader
 * collected, which nothing that still referred to it would allow.
 */
class RealLibrariesTest {
  private static final IsolateConfig SHARING_RENDEZVOUS =
      IsolateConfig.builder().sharedPackages("dev.isolates.tests.shared").build();

  @AfterEach
  void resetLatches() {
    Rendezvous.reset();
  }

  /** Creates an isolate, runs {@code use} in it, closes it, and returns a weak reference to its loader. */
  private static WeakReference<ClassLoader> useAndClose(IsolatedRunnable... uses) {
    Isolate isolate = Isolates.create(SHARING_RENDEZVOUS);
    WeakReference<ClassLoader> loader = TestAccess.loaderOf(isolate);
    for (IsolatedRunnable use : uses) {
      isolate.call(use);
    }
    isolate.close();
    return loader;
  }

  private static void assertCollected(WeakReference<ClassLoader> loader) throws InterruptedException {
    assertThat(TestAccess.collected(loader)).as("the closed isolate's class loader was collected").isTrue();
  }

  @Test
  void jdbc_worksWithoutClassForName_withEachIsolatesOwnDriverAndDatabases() {
    try (Isolate first = Isolates.create(); Isolate second = Isolates.create()) {
      assertThat(first.call(Tenant::addRow, "shared-name", "a")).isEqualTo(1);
      assertThat(first.call(Tenant::addRow, "shared-name", "b")).isEqualTo(2);
      assertThat(second.call(Tenant::addRow, "shared-name", "c")).as("its own H2, its own databases").isEqualTo(1);
      assertThat(first.call(Tenant::driverLoader, "shared-name")).contains("isolate-" + first.id());
      assertThat(second.call(Tenant::driverLoader, "shared-name")).contains("isolate-" + second.id());
    }
  }

  @Test
  void jdbcDrivers_areDeregisteredAtClose() throws InterruptedException {
    assertCollected(useAndClose(() -> Tenant.addRow("deregistered", "x")));
  }

  @Test
  void aThreadStartedInside_executesInside_keepsTheIsolateRunning_andIsNamedByClose()
      throws InterruptedException {
    Isolate isolate = Isolates.create(SHARING_RENDEZVOUS);
    isolate.call(Tenant::startThread);
    assertThat(Rendezvous.await("started in " + isolate.id())).as("Isolates.current() in it").isTrue();
    assertThat(isolate.isRunning()).isTrue();
    assertThatThrownBy(isolate::close).isInstanceOf(IsolateException.class)
        .hasMessageContaining("thread(s) its code started are alive: 'tenant-worker'");
    Rendezvous.open("stop");
    awaitEnded("tenant-worker");
    isolate.close();
  }

  @Test
  void terminate_stopsTheThreadsTimersAndPoolsTheIsolateStarted() throws InterruptedException {
    Isolate isolate = Isolates.create(SHARING_RENDEZVOUS);
    WeakReference<ClassLoader> loader = TestAccess.loaderOf(isolate);
    isolate.call(Tenant::startThread);
    isolate.call(Tenant::startTimer);
    isolate.call(Tenant::startPool);
    assertThat(Rendezvous.await("ticked")).isTrue();
    assertThat(Rendezvous.await("pooled")).isTrue();
    assertThatThrownBy(isolate::close).hasMessageContaining("tenant-worker").hasMessageContaining("tenant-timer");
    isolate.terminate(Duration.ofSeconds(30));
    assertThat(isolate.isClosed()).isTrue();
    isolate = null;
    assertCollected(loader);
  }

  @Test
  void aTimerStoppedByTheTenant_letsTheIsolateClose() throws InterruptedException {
    Isolate isolate = Isolates.create(SHARING_RENDEZVOUS);
    isolate.call(Tenant::startTimer);
    assertThat(Rendezvous.await("ticked")).isTrue();
    isolate.call(Tenant::stopTimer);
    awaitEnded("tenant-timer");
    isolate.close();
  }

  @Test
  void shutdownHooks_runInsideTheIsolate_whenItCloses() throws InterruptedException {
    Isolate isolate = Isolates.create(SHARING_RENDEZVOUS);
    long id = isolate.id();
    isolate.call(Tenant::addShutdownHook);
    assertThat(Rendezvous.latch("hook ran in " + id).getCount()).isOne();
    isolate.close();
    assertThat(Rendezvous.latch("hook ran in " + id).getCount()).as("close returned after the hook ran").isZero();
  }

  @Test
  void shutdownHooks_doNotKeepTheLoader() throws InterruptedException {
    assertCollected(useAndClose(Tenant::addShutdownHook));
  }

  @Test
  void threadLocals_ofALongLivedThread_doNotKeepTheLoader() throws InterruptedException {
    assertCollected(useAndClose(Tenant::cacheInThisThread));
  }

  @Test
  void loggingHandlersAndLevels_doNotKeepTheLoader() throws InterruptedException {
    assertCollected(useAndClose(Tenant::addLogHandler));
  }

  @Test
  void aLoggingHandlerThatFailsToClose_isReported_andTheIsolateClosesAllTheSame() throws InterruptedException {
    assertCollected(useAndClose(FailingHandler::addToAJdkLogger));
  }

  @Test
  void resourceBundleAndIntrospectorCaches_doNotKeepTheLoader() throws InterruptedException {
    assertCollected(useAndClose(() -> Tenant.lookUpBundleAndBean()));
  }

  @Test
  void aClassValuesValueOnAJdkClass_doesNotKeepTheLoader() throws InterruptedException {
    assertCollected(useAndClose(ClassTags::tagString));
  }

  @Test
  void closingAnIsolateThatNeverUsedJavaBeans_leavesTheIntrospectorsCacheAlone() throws Exception {
    BeanInfo cached = Introspector.getBeanInfo(MainBean.class);
    try (Isolate isolate = Isolates.create()) {
      isolate.call(Demo::sum, 1, 2);
    }
    assertThat(Introspector.getBeanInfo(MainBean.class)).as("main's bean information, still cached").isSameAs(cached);
  }

  /** A bean of main's, whose information the Introspector caches. */
  public static final class MainBean {
    public int getSize() {
      return 1;
    }
  }

  /** Waits for the thread the tenant started, which was told to end, to end: then no thread is inside. */
  private static void awaitEnded(String threadName) throws InterruptedException {
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      if (thread.getName().equals(threadName)) {
        thread.join(10_000);
        assertThat(thread.isAlive()).as(threadName + " ended").isFalse();
      }
    }
  }
}
