package dev.isolates.impl.inspect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.isolates.CancelReason;
import dev.isolates.ExecutionCancelledException;
import dev.isolates.Isolate;
import dev.isolates.IsolateConfig;
import dev.isolates.IsolateQueue;
import dev.isolates.Isolates;
import dev.isolates.impl.TestAccess;
import dev.isolates.tests.Demo;
import dev.isolates.tests.Runaway;
import java.lang.management.ManagementFactory;
import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import javax.management.JMException;
import javax.management.MBeanException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.RuntimeMBeanException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;
import org.junit.jupiter.api.io.TempDir;

/** The management beans of isolates and queues, read through the platform MBean server as JMX clients read them. */
class BeansTest {
  private static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();

  @Test
  void isolateBean_appearsOnCreate_showsTheIsolate_andGoesOnClose() throws JMException {
    ObjectName name;
    try (Isolate isolate = Isolates.create(IsolateConfig.builder().name("parser").build())) {
      name = isolateName(isolate.id());
      assertThat(SERVER.isRegistered(name)).isTrue();
      assertThat(SERVER.getAttribute(name, "Id")).isEqualTo(isolate.id());
      assertThat(SERVER.getAttribute(name, "Name")).isEqualTo("parser");
      assertThat(SERVER.getAttribute(name, "Whence")).isEqualTo("API");
      assertThat(SERVER.getAttribute(name, "Running")).isEqualTo(false);
      assertThat(SERVER.getAttribute(name, "Calls")).isEqualTo(0L);
      isolate.call(Demo::sum, 1, 2);
      assertThat(SERVER.getAttribute(name, "Calls")).isEqualTo(1L);
      assertThat(SERVER.getAttribute(name, "FailedCalls")).isEqualTo(0L);
      assertThat((Integer) SERVER.getAttribute(name, "LoadedClasses")).isPositive();
      assertThat(SERVER.getAttribute(name, "CpuTimeNanos")).isEqualTo(0L);
      assertThat(SERVER.getAttribute(name, "AllocatedBytes")).isEqualTo(0L);
      assertThat((long[]) SERVER.getAttribute(name, "ThreadIds")).isEmpty();
    }
    assertThat(SERVER.isRegistered(name)).isFalse();
  }

  @Test
  void mainsBean_isRegistered_withAnEmptyName() throws JMException {
    ObjectName main = isolateName(0);
    assertThat(SERVER.getAttribute(main, "Whence")).isEqualTo("RUNTIME");
    assertThat(SERVER.getAttribute(main, "Name")).isEqualTo("");
    assertThat(SERVER.getAttribute(main, "Running")).isEqualTo(true);
  }

  @Test
  void threadIds_listTheThreadsExecutingInside() throws Exception {
    try (Isolate isolate = Isolates.create();
        IsolateQueue<String> entered = Isolates.createQueue();
        IsolateQueue<String> release = Isolates.createQueue()) {
      Thread inside = isolate.callInThread(BeansTest::waitFor, entered, release);
      ObjectName name = isolateName(isolate.id());
      entered.get();
      assertThat((long[]) SERVER.getAttribute(name, "ThreadIds")).containsExactly(inside.getId());
      assertThat(SERVER.getAttribute(name, "ThreadsInside")).isEqualTo(1);
      assertThat(SERVER.getAttribute(name, "Running")).isEqualTo(true);
      release.put("go");
      inside.join();
      assertThat((long[]) SERVER.getAttribute(name, "ThreadIds")).isEmpty();
    }
  }

  @Test
  void cancelOperation_stopsTheTasksInside_asIsolateCancelDoes() throws Exception {
    try (Isolate isolate = Isolates.create()) {
      Thread runaway = isolate.callInThread(Runaway::spin);
      AtomicReference<Throwable> ended = new AtomicReference<>();
      runaway.setUncaughtExceptionHandler((thread, e) -> ended.set(e));
      Object stopped = SERVER.invoke(isolateName(isolate.id()), "cancel", new Object[] {30_000L},
          new String[] {long.class.getName()});
      assertThat(stopped).as("no thread inside when cancel returned").isEqualTo(true);
      runaway.join();
      assertThat(ended.get()).isInstanceOfSatisfying(ExecutionCancelledException.class,
          e -> assertThat(e.reason()).isEqualTo(CancelReason.CANCEL));
      assertThat(isolate.call(Demo::sum, 1, 2)).isEqualTo(3);
    }
  }

  static String waitFor(IsolateQueue<String> entered, IsolateQueue<String> release) {
    entered.put("inside");
    return release.get();
  }

  @Test
  void queueBeans_appearOnCreateAndOpen_showTheQueue_andGoOnClose(@TempDir Path folder) throws Exception {
    ObjectName temporaryName;
    ObjectName durableName;
    try (IsolateQueue<Integer> temporary = Isolates.createQueue(5);
        IsolateQueue<Integer> durable = Isolates.openQueue(folder)) {
      temporaryName = queueName(temporary.id());
      durableName = queueName(durable.id());
      temporary.put(1);
      temporary.put(2);
      assertThat(SERVER.getAttribute(temporaryName, "Id")).isEqualTo(temporary.id());
      assertThat(SERVER.getAttribute(temporaryName, "Size")).isEqualTo(2);
      assertThat(SERVER.getAttribute(temporaryName, "MaxSize")).isEqualTo(5);
      assertThat(SERVER.getAttribute(temporaryName, "Durable")).isEqualTo(false);
      assertThat(SERVER.getAttribute(temporaryName, "Folder")).isEqualTo("");
      assertThat(SERVER.getAttribute(durableName, "MaxSize")).isEqualTo(0);
      assertThat(SERVER.getAttribute(durableName, "Durable")).isEqualTo(true);
      assertThat(SERVER.getAttribute(durableName, "Folder")).isEqualTo(folder.toRealPath().toString());
    }
    assertThat(SERVER.isRegistered(temporaryName)).isFalse();
    assertThat(SERVER.isRegistered(durableName)).isFalse();
  }

  @Test
  void execOperation_isRefusedUnlessTheJvmAllowsRemoteExec_namingTheProperty() throws JMException {
    try (Isolate isolate = Isolates.create()) {
      assertThatThrownBy(() -> exec(isolateName(isolate.id()), "return 1;", 30_000))
          .isInstanceOf(RuntimeMBeanException.class)
          .extracting(Throwable::getCause)
          .isInstanceOf(SecurityException.class)
          .extracting(Throwable::getMessage).asString()
          .contains("-Disolates.remoteExec=true");
      assertThat(isolate.usage().calls()).isZero();
    }
  }

  /** The property is read once, as the runtime starts (this test JVM starts without it). */
  @Test
  void execOperation_staysRefused_whenAnIsolatesCodeSetsThePropertyLater() throws JMException {
    try (Isolate isolate = Isolates.create()) {
      try {
        isolate.call(BeansTest::allowRemoteExec);
        assertThat(System.getProperty(IsolateBean.REMOTE_EXEC)).isEqualTo("true");
        assertThatThrownBy(() -> exec(isolateName(isolate.id()), "return 1;", 30_000))
            .isInstanceOf(RuntimeMBeanException.class)
            .hasCauseInstanceOf(SecurityException.class);
      } finally {
        System.clearProperty(IsolateBean.REMOTE_EXEC);
      }
    }
  }

  static void allowRemoteExec() {
    System.setProperty("isolates.remoteExec", "true");
  }

  @Test
  void execOperation_whenAllowed_returnsTheValuesText_orJdkExceptions() throws JMException {
    try (Isolate isolate = Isolates.create()) {
      ObjectName name = registerAllowed(isolate);
      try {
        assertThat(exec(name, "return java.util.List.of(1, 2);", 30_000)).isEqualTo("[1, 2]");
        // not shareable, so exec could not return it, but its text can cross
        assertThat(exec(name, "return new Thread(\"not shareable\").getName();", 30_000)).isEqualTo("not shareable");
        assertThat(exec(name, "int nothing = 0;", 30_000)).isNull();
        assertThatThrownBy(() -> exec(name, "return 1 / 0;", 30_000))
            .isInstanceOf(MBeanException.class)
            .extracting(Throwable::getCause)
            .isInstanceOf(ExecutionException.class)
            .extracting(Throwable::getMessage).asString()
            .startsWith("java.lang.ArithmeticException: / by zero");
        assertThatThrownBy(() -> exec(name, "return nope;", 30_000))
            .isInstanceOf(RuntimeMBeanException.class)
            .extracting(Throwable::getCause)
            .isInstanceOf(IllegalArgumentException.class)
            .extracting(Throwable::getMessage).asString()
            .contains("line 1, column 8: cannot find symbol");
      } finally {
        SERVER.unregisterMBean(name);
      }
    }
  }

  @Test
  @Timeout(value = 120, threadMode = ThreadMode.SEPARATE_THREAD) // fails, rather than spins, if no stop comes
  void execOperation_pastItsTimeout_isStopped_andTheThreadsNextExecRunsNormally() throws JMException {
    try (Isolate isolate = Isolates.create()) {
      ObjectName name = registerAllowed(isolate);
      try {
        for (String runaway : List.of("while (true) {}", "Thread.sleep(Long.MAX_VALUE);")) {
          assertThatThrownBy(() -> exec(name, runaway, 100))
              .isInstanceOf(MBeanException.class)
              .extracting(Throwable::getCause)
              .isInstanceOf(TimeoutException.class)
              .extracting(Throwable::getMessage).asString()
              .isEqualTo("the statements ran past their timeout of 100 ms in isolate " + isolate.id() + " and were"
                  + " stopped; give them more time");
          assertThat(isolate.isRunning()).as("left running by %s", runaway).isFalse();
          assertThat(Thread.currentThread().isInterrupted()).as("the stop's interrupt is cleared").isFalse();
        }
        assertThat(exec(name, "return 1;", 30_000)).as("the same thread, later").isEqualTo("1");
        assertThat(isolate.call(Demo::sum, 1, 2)).isEqualTo(3);
      } finally {
        SERVER.unregisterMBean(name);
      }
    }
  }

  @Test
  void execOperation_inMain_orWithATimeoutNotAbove0_isRefused() throws JMException {
    ObjectName main = registerAllowed(Isolates.main());
    try {
      assertThatThrownBy(() -> exec(main, "return 1;", 30_000))
          .isInstanceOf(RuntimeMBeanException.class)
          .extracting(Throwable::getCause)
          .isInstanceOf(IllegalStateException.class)
          .extracting(Throwable::getMessage).asString()
          .startsWith("remote exec does not run statements in main (isolate 0)");
    } finally {
      SERVER.unregisterMBean(main);
    }
    try (Isolate isolate = Isolates.create()) {
      ObjectName name = registerAllowed(isolate);
      try {
        assertThatThrownBy(() -> exec(name, "return 1;", 0))
            .isInstanceOf(RuntimeMBeanException.class)
            .extracting(Throwable::getCause)
            .isInstanceOf(IllegalArgumentException.class)
            .extracting(Throwable::getMessage).asString()
            .endsWith("the timeout must be above 0 ms, but was 0 ms");
      } finally {
        SERVER.unregisterMBean(name);
      }
      assertThat(isolate.usage().calls()).isZero();
    }
  }

  /** Set by the statements of the next test, which run in main, where they see this class's static state. */
  static volatile boolean clockStarted;

  @Test
  void theTimeoutsClock_startsOnceTheStatementsCompiled_beforeTheyRun() {
    clockStarted = false;
    try {
      StatementCompiler.whenCompiled(() -> clockStarted = true);
      assertThatThrownBy(() -> Isolates.main().exec("return nope;")).isInstanceOf(IllegalArgumentException.class);
      assertThat(clockStarted).as("started by a compile that failed").isFalse();
      assertThat(Isolates.main().exec("package dev.isolates.impl.inspect;\nreturn BeansTest.clockStarted;"))
          .as("started when the statements ran").isEqualTo(true);
    } finally {
      StatementCompiler.whenCompiled(null);
    }
  }

  @Test
  @Timeout(value = 120, threadMode = ThreadMode.SEPARATE_THREAD) // fails, rather than spins, if no stop comes
  void aClosedIsolatesLoader_isCollected_afterARemoteExecThatRanPastItsTimeout() throws Exception {
    WeakReference<ClassLoader> loader = execPastTheTimeoutAndClose();
    assertThat(TestAccess.collected(loader)).as("the closed isolate's class loader was collected").isTrue();
  }

  private static WeakReference<ClassLoader> execPastTheTimeoutAndClose() throws JMException {
    try (Isolate isolate = Isolates.create()) {
      ObjectName name = registerAllowed(isolate);
      try {
        assertThatThrownBy(() -> exec(name, "while (true) {}", 100)).hasCauseInstanceOf(TimeoutException.class);
        assertThat(exec(name, "return new Object() {};", 30_000)).asString().startsWith("IsolateExec");
      } finally {
        SERVER.unregisterMBean(name);
      }
      return TestAccess.loaderOf(isolate);
    }
  }

  /**
   * Registers the bean that the runtime of a JVM started with {@code -Disolates.remoteExec=true} gives the isolate,
   * under a name of this test's own; the caller unregisters it.
   */
  private static ObjectName registerAllowed(Isolate isolate) throws JMException {
    ObjectName name = new ObjectName("dev.isolates.test:type=Isolate,id=" + isolate.id());
    SERVER.registerMBean(new IsolateBean((InspectedIsolate) isolate, true), name);
    return name;
  }

  private static Object exec(ObjectName name, String statements, long timeoutMillis) throws JMException {
    return SERVER.invoke(name, "exec", new Object[] {statements, timeoutMillis},
        new String[] {String.class.getName(), long.class.getName()});
  }

  private static ObjectName isolateName(long id) throws JMException {
    return new ObjectName("dev.isolates:type=Isolate,id=" + id);
  }

  private static ObjectName queueName(long id) throws JMException {
    return new ObjectName("dev.isolates:type=Queue,id=" + id);
  }
}
