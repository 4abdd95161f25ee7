package dev.isolates.impl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.isolates.ExecutionFailedException;
import dev.isolates.Isolate;
import dev.isolates.IsolatePoolExecutor;
import dev.isolates.IsolateQueue;
import dev.isolates.Isolates;
import dev.isolates.tests.Demo;
import dev.isolates.tests.Values;
import java.lang.management.ManagementFactory;
import java.lang.ref.WeakReference;
import java.util.List;
import java.util.Map;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;

/** A closed isolate's class loader, with all its classes, becomes garbage: nothing the runtime holds keeps it. */
class UnloadTest {

  @Test
  void closedIsolatesLoader_isCollected_afterEveryKindOfUse() throws InterruptedException {
    WeakReference<ClassLoader> loader = useAndClose();
    assertThat(collected(loader)).as("the closed isolate's class loader was collected").isTrue();
  }

  @Test
  void twoThousandCycles_keepMetaspaceFlat_andLeaveOnlyMain() {
    for (int i = 0; i < 200; i++) {
      cycle();
    }
    long before = metaspaceUsedAfterGc();
    for (int i = 0; i < 2_000; i++) {
      cycle();
    }
    long growth = metaspaceUsedAfterGc() - before;
    // A leaked loader with the classes of one cycle costs about 10 KB of Metaspace: 2,000 would be ~20 MB.
    assertThat(growth).as("Metaspace growth in bytes over 2,000 create/call/close cycles").isLessThan(2_000_000);
    assertThat(Isolates.listAll()).containsExactly(Isolates.main());
  }

  private static void cycle() {
    try (Isolate isolate = Isolates.create()) {
      if (isolate.call(Demo::sum, 10, 2) != 12) {
        throw new AssertionError("wrong sum");
      }
    }
  }

  /** Uses the isolate in every way the runtime supports, then closes it; returns a weak reference to its loader. */
  private static WeakReference<ClassLoader> useAndClose() throws InterruptedException {
    Isolate isolate = Isolates.create();
    WeakReference<ClassLoader> loader = new WeakReference<>(((IsolateState) isolate).loader());
    isolate.call(Demo::countCall);
    isolate.call(Values.prefixer("captured"), new Values.Pair("p", List.of(1)));
    Values.Pair pair = isolate.call(Values::roundTrip, new Values.Pair("x", List.of(1, 2)), Values.boxes(3));
    assertThat(pair.name()).isEqualTo("x3");
    assertThat(isolate.call(Values::boxes, 2)).hasSize(2);
    try {
      isolate.call(Demo::fail, "on purpose");
    } catch (ExecutionFailedException expected) {
      // the exception's classes belong to the isolate
    }
    isolate.prepareMain(Map.of("pair", new Values.Pair("n", List.of())));
    try (IsolateQueue<Object> queue = Isolates.createQueue()) {
      isolate.call(Values::putAndTake, queue);
      queue.put(new Values.Pair("from main", List.of(1)));
      assertThat(isolate.call(Values::take, queue)).isEqualTo("Pair[name=from main, numbers=[1]]");
    }
    isolate.callInThread(Demo::countCall).join();
    isolate.close();
    return loader;
  }

  @Test
  void aCancelledAndTerminatedIsolatesLoader_isCollected() throws Exception {
    WeakReference<ClassLoader> loader = cancelAndTerminate();
    assertThat(collected(loader)).as("the terminated isolate's class loader was collected").isTrue();
  }

  private static WeakReference<ClassLoader> cancelAndTerminate() throws InterruptedException {
    Isolate isolate = Isolates.create(dev.isolates.IsolateConfig.builder().accounting(true)
        .limits(dev.isolates.IsolateLimits.builder().callTimeout(java.time.Duration.ofSeconds(60)).build()).build());
    WeakReference<ClassLoader> loader = new WeakReference<>(((IsolateState) isolate).loader());
    Thread runaway = isolate.callInThread(dev.isolates.tests.Runaway::spin);
    runaway.setUncaughtExceptionHandler((thread, e) -> { });
    assertThat(isolate.cancel(java.time.Duration.ofSeconds(30))).isTrue();
    Thread another = isolate.callInThread(dev.isolates.tests.Runaway::spin);
    another.setUncaughtExceptionHandler((thread, e) -> { });
    isolate.terminate(java.time.Duration.ofSeconds(30));
    runaway.join();
    another.join();
    return loader;
  }

  @Test
  void closedIsolatesLoader_isCollected_afterExecBeansAndARecording() throws Exception {
    WeakReference<ClassLoader> loader = inspectAndClose();
    assertThat(collected(loader)).as("the inspected isolate's class loader was collected").isTrue();
  }

  /** Uses what inspection adds (exec, the bean's attributes, a recording), then closes (remote exec: BeansTest). */
  private static WeakReference<ClassLoader> inspectAndClose() throws Exception {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    try (Recording recording = new Recording()) {
      recording.enable("dev.isolates.Call").withoutThreshold();
      recording.start();
      Isolate isolate = Isolates.create();
      WeakReference<ClassLoader> loader = new WeakReference<>(((IsolateState) isolate).loader());
      ObjectName name = new ObjectName("dev.isolates:type=Isolate,id=" + isolate.id());
      assertThat(isolate.exec("return new Object() {}.getClass().getName();")).asString().startsWith("IsolateExec");
      isolate.call(Demo::countCall);
      isolate.callInThread(Demo::countCall).join();
      assertThat(server.getAttribute(name, "Calls")).isEqualTo(3L);
      assertThat((long[]) server.getAttribute(name, "ThreadIds")).isEmpty();
      isolate.close();
      recording.stop();
      assertThat(server.isRegistered(name)).isFalse();
      return loader;
    }
  }

  @Test
  void poolWorkerIsolates_areCollectedAfterShutdown() throws Exception {
    WeakReference<ClassLoader> loader;
    IsolatePoolExecutor pool = new IsolatePoolExecutor(1);
    try {
      assertThat(pool.submit(Demo::countCall).get()).isEqualTo(1);
      loader = new WeakReference<>(((IsolateState) pool.submit(Isolates::current).get()).loader());
    } finally {
      pool.close();
    }
    assertThat(collected(loader)).as("the worker isolate's class loader was collected").isTrue();
  }

  @Test
  void chronicleLeavesNoThreadRunning() {
    try (IsolateQueue<Integer> queue = Isolates.createQueue()) {
      queue.put(1);
      queue.get();
    }
    assertThat(Thread.getAllStackTraces().keySet())
        .extracting(Thread::getName)
        .noneMatch(name -> name.contains("~") || name.toLowerCase(java.util.Locale.ROOT).contains("chronicle"));
  }

  static boolean collected(WeakReference<?> reference) throws InterruptedException {
    for (int i = 0; i < 50 && reference.get() != null; i++) {
      System.gc();
      Thread.sleep(20);
    }
    return reference.get() == null;
  }

  private static long metaspaceUsedAfterGc() {
    System.gc();
    System.gc();
    return ManagementFactory.getMemoryPoolMXBeans().stream()
        .filter(pool -> pool.getName().equals("Metaspace"))
        .mapToLong(pool -> pool.getUsage().getUsed())
        .sum();
  }
}
