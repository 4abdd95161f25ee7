package dev.isolates.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.isolates.ExecutionFailedException;
import dev.isolates.Isolate;
import dev.isolates.IsolateException;
import dev.isolates.IsolatePoolExecutor;
import dev.isolates.IsolateQueue;
import dev.isolates.IsolatedCallable;
import dev.isolates.Isolates;
import dev.isolates.NotShareableException;
import dev.isolates.Whence;
import dev.isolates.tests.shared.Rendezvous;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The meaning of CPython 3.14's {@code test_interpreter_pool.py}, for {@link IsolatePoolExecutor}. */
class PoolTest {
  /** Counts tasks per worker isolate: each worker has its own copy of this field. */
  static int tasksInThisIsolate;

  static int countTask() {
    return ++tasksInThisIsolate;
  }

  static long isolateId() {
    return Isolates.current().id();
  }

  @AfterEach
  void resetLatches() {
    Rendezvous.reset();
  }

  @Test
  void submit_runsTheTaskInAWorkersIsolate() throws Exception {
    try (IsolatePoolExecutor pool = new IsolatePoolExecutor(2)) {
      Future<Long> id = pool.submit(PoolTest::isolateId);
      assertThat(id.get()).isPositive();
      Isolate worker = pool.submit(Isolates::current).get();
      assertThat(worker.whence()).isEqualTo(Whence.POOL);
    }
    assertThat(Isolates.listAll()).containsExactly(Isolates.main());
  }

  @Test
  void tasksOnOneWorker_shareItsStaticState_andMainsIsUntouched() throws Exception {
    try (IsolatePoolExecutor pool = new IsolatePoolExecutor(1)) {
      for (int i = 1; i <= 5; i++) {
        assertThat(pool.submit(PoolTest::countTask).get()).isEqualTo(i);
      }
    }
    assertThat(tasksInThisIsolate).isZero();
  }

  @Test
  void initializer_runsOnceInsideEachWorkersIsolate() throws Exception {
    try (IsolatePoolExecutor pool = new IsolatePoolExecutor(1, "init-test", () -> tasksInThisIsolate = 100)) {
      assertThat(pool.submit(PoolTest::countTask).get()).isEqualTo(101);
      assertThat(pool.submit(PoolTest::countTask).get()).isEqualTo(102);
    }
  }

  @Test
  void threadNames_carryThePrefixAndTheIsolateId() throws Exception {
    try (IsolatePoolExecutor pool = new IsolatePoolExecutor(1, "crunch", null)) {
      String name = pool.submit(() -> Thread.currentThread().getName()).get();
      long id = pool.submit(PoolTest::isolateId).get();
      assertThat(name).isEqualTo("crunch-worker-1-isolate-" + id);
    }
  }

  @Test
  void failingInitializer_breaksThePool() throws Exception {
    IsolatePoolExecutor pool = new IsolatePoolExecutor(1, "broken", () -> {
      throw new IllegalStateException("no config");
    });
    Future<Integer> first = pool.submit(PoolTest::countTask);
    assertThatThrownBy(first::get).isInstanceOf(ExecutionException.class)
        .cause().isInstanceOf(IsolateException.class)
        .hasMessageContaining("pool broken is broken")
        .hasMessageContaining("java.lang.IllegalStateException: no config");
    assertThatThrownBy(() -> pool.submit(PoolTest::countTask)).isInstanceOf(RejectedExecutionException.class)
        .hasMessageContaining("shut the pool down and create a new one");
    pool.close();
    assertThat(pool.isTerminated()).isTrue();
  }

  @Test
  void nonSerializableTask_isRejectedAtSubmit() {
    try (IsolatePoolExecutor pool = new IsolatePoolExecutor(1)) {
      Callable<Integer> plain = () -> 1;
      assertThatThrownBy(() -> pool.submit(plain)).isInstanceOf(RejectedExecutionException.class)
          .cause().isInstanceOf(NotShareableException.class)
          .hasMessageContaining("is not shareable: it is not Serializable");
      Runnable plainRunnable = () -> { };
      assertThatThrownBy(() -> pool.execute(plainRunnable)).isInstanceOf(RejectedExecutionException.class);
    }
  }

  @Test
  void aPlainFutureTask_isRefused_forItWouldRunOutsideAnyIsolate() {
    try (IsolatePoolExecutor pool = new IsolatePoolExecutor(1)) {
      java.util.concurrent.FutureTask<Long> task = new java.util.concurrent.FutureTask<>(PoolTest::isolateId);
      assertThatThrownBy(() -> pool.execute(task)).isInstanceOf(RejectedExecutionException.class)
          .cause().isInstanceOf(NotShareableException.class)
          .hasMessageContaining("java.util.concurrent.FutureTask");
      assertThat(task.isDone()).isFalse();
    }
  }

  @Test
  void serializableJdkTasks_areAccepted() throws Exception {
    try (IsolatePoolExecutor pool = new IsolatePoolExecutor(1)) {
      Callable<String> callable = (Callable<String> & Serializable) () -> "called";
      Runnable runnable = (Runnable & Serializable) PoolTest::countTask;
      assertThat(pool.submit(callable).get()).isEqualTo("called");
      assertThat(pool.submit(runnable, "done").get()).isEqualTo("done");
    }
  }

  @Test
  void taskFailure_reachesGetAsExecutionFailed() {
    try (IsolatePoolExecutor pool = new IsolatePoolExecutor(1)) {
      Future<Integer> failing = pool.submit(() -> Demo.divide(1, 0));
      assertThatThrownBy(failing::get).isInstanceOf(ExecutionException.class)
          .cause().isInstanceOfSatisfying(ExecutionFailedException.class,
              e -> assertThat(e.excInfo().typeName()).isEqualTo("java.lang.ArithmeticException"));
    }
  }

  @Test
  void invokeAllAndInvokeAny_work() throws Exception {
    try (IsolatePoolExecutor pool = new IsolatePoolExecutor(2)) {
      List<IsolatedCallable<Integer>> tasks = List.of(() -> 1, () -> 2, () -> 3);
      List<Integer> results = new ArrayList<>();
      for (Future<Integer> future : pool.invokeAll(tasks)) {
        results.add(future.get());
      }
      assertThat(results).containsExactly(1, 2, 3);
      assertThat(pool.invokeAny(tasks)).isIn(1, 2, 3);
    }
  }

  @Test
  void thousandTasks_onTwoWorkers() throws Exception {
    Set<Long> isolates = new HashSet<>();
    try (IsolatePoolExecutor pool = new IsolatePoolExecutor(2)) {
      List<Future<Long>> futures = new ArrayList<>();
      for (int i = 0; i < 1_000; i++) {
        futures.add(pool.submit(PoolTest::isolateId));
      }
      for (Future<Long> future : futures) {
        isolates.add(future.get());
      }
    }
    assertThat(isolates).hasSizeBetween(1, 2);
    assertThat(Isolates.listAll()).containsExactly(Isolates.main());
  }

  @Test
  void twoWorkers_runTwoTasksAtOnce() throws Exception {
    try (IsolatePoolExecutor pool = new IsolatePoolExecutor(2);
        IsolateQueue<String> toFirst = Isolates.createQueue();
        IsolateQueue<String> toSecond = Isolates.createQueue()) {
      // Each task waits for a word from the other: with one worker at a time, the first would wait in vain.
      Future<Boolean> first = pool.submit(() -> meet(toSecond, toFirst));
      Future<Boolean> second = pool.submit(() -> meet(toFirst, toSecond));
      assertThat(first.get()).isTrue();
      assertThat(second.get()).isTrue();
    }
  }

  static boolean meet(IsolateQueue<String> send, IsolateQueue<String> receive) {
    send.put("here");
    return "here".equals(receive.get(Duration.ofSeconds(10)));
  }

  @Test
  void shutdownNow_interruptsRunningTasks_andClosesTheWorkers() throws Exception {
    IsolatePoolExecutor pool = new IsolatePoolExecutor(1);
    IsolateQueue<String> started = Isolates.createQueue();
    Future<?> sleeper = pool.submit(() -> {
      started.put("sleeping");
      Thread.sleep(60_000);
      return null;
    });
    Future<?> waiting = pool.submit(PoolTest::countTask);
    assertThat(started.get(Duration.ofSeconds(30))).as("the first task runs").isEqualTo("sleeping");
    started.close();
    List<Runnable> neverStarted = pool.shutdownNow();
    assertThat(neverStarted).hasSize(1);
    assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    assertThatThrownBy(sleeper::get).isInstanceOf(ExecutionException.class)
        .hasMessageContaining("InterruptedException");
    assertThat(waiting.isDone()).isFalse();
    assertThat(Isolates.listAll()).containsExactly(Isolates.main());
    assertThat(pool.toString()).contains("terminated");
  }
}
