package dev.isolates.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.isolates.CancelReason;
import dev.isolates.ExecutionCancelledException;
import dev.isolates.ExecutionFailedException;
import dev.isolates.Isolate;
import dev.isolates.IsolateConfig;
import dev.isolates.IsolateException;
import dev.isolates.IsolateLimits;
import dev.isolates.IsolatePoolExecutor;
import dev.isolates.IsolateQueue;
import dev.isolates.IsolatedCallable;
import dev.isolates.IsolatedRunnable;
import dev.isolates.Isolates;
import dev.isolates.tests.shared.Kept;
import dev.isolates.tests.shared.Rendezvous;
import dev.isolates.tests.shared.Stubborn;
import dev.isolates.tests.shared.Tally;
import java.io.IOException;
import java.io.Serializable;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Everything that runs for an isolate is inside it, whichever thread runs it: {@code cancel} and {@code terminate}
 * stop it, and {@code close} waits for it (api.md, "Nothing escapes").
 */
class NothingEscapesTest {
  private static final Duration LONG = Duration.ofSeconds(30);

  private static IsolateConfig.Builder config() {
    return IsolateConfig.builder().sharedPackages("dev.isolates.tests.shared");
  }

  @AfterEach
  void reset() {
    Rendezvous.reset();
    Tally.reset();
    Stubborn.reset();
  }

  private static void awaitLatch(String name) throws InterruptedException {
    assertThat(Rendezvous.await(name)).as("latch '%s' opened", name).isTrue();
  }

  private static void assertCancelled(Throwable failure) {
    assertThat(failure).isInstanceOfSatisfying(ExecutionCancelledException.class,
        e -> assertThat(e.reason()).isEqualTo(CancelReason.CANCEL));
  }

  @Nested
  class NestedCalls {
    @Test
    void cancelOfTheOuterIsolate_stopsAThreadRunningTheInnerOnesCode_andTheInnerStaysUsable() throws Exception {
      try (Isolate outer = Isolates.create(config().build()); Isolate inner = Isolates.create(config().build())) {
        Caller caller = new Caller(() -> outer.call(Escapes::spinIn, inner));
        awaitLatch("running");
        assertThat(outer.usage().threadsInside()).isEqualTo(1);
        assertThat(outer.cancel(LONG)).isTrue();
        assertCancelled(caller.end());
        assertThat(inner.isRunning()).isFalse();
        assertThat(inner.usage().failedCalls()).as("the inner task ended as cancelled").isEqualTo(1);
        assertThat(inner.call(Demo::sum, 1, 2)).isEqualTo(3);
      }
    }

    @Test
    void terminateOfTheOuterIsolate_stopsIt_andClosesOnlyTheOuter() throws Exception {
      Isolate outer = Isolates.create(config().build());
      try (Isolate inner = Isolates.create(config().build())) {
        Caller caller = new Caller(() -> outer.call(Escapes::spinIn, inner));
        awaitLatch("running");
        outer.terminate(LONG);
        assertCancelled(caller.end());
        assertThat(outer.isClosed()).isTrue();
        assertThat(inner.call(Demo::sum, 1, 2)).isEqualTo(3);
      }
    }

    @Test
    void terminateThatGivesUp_namesTheThreadsStillInside() throws Exception {
      Isolate isolate = Isolates.create(config().build());
      Caller caller = new Caller(() -> isolate.call(Escapes::runStubbornCode));
      caller.setName("stubborn-caller");
      awaitLatch("stubborn");
      assertThatThrownBy(() -> isolate.terminate(Duration.ofMillis(50))).isInstanceOf(IsolateException.class)
          .hasMessageContaining("could not be terminated").hasMessageContaining("'stubborn-caller'");
      assertThat(isolate.isClosed()).isFalse();
      Stubborn.release();
      isolate.terminate(LONG);
      assertThat(caller.end()).isNull(); // the shared code returned before a poll of the isolate's code saw the stop
      assertThat(isolate.isClosed()).isTrue();
    }
  }

  @Nested
  class FromInside {
    @Test
    void closeCancelAndTerminate_fromInsideTheIsolate_throwIllegalStateExceptionAtOnce() {
      try (Isolate isolate = Isolates.create()) {
        for (IsolatedRunnable fromInside : List.<IsolatedRunnable>of(() -> Isolates.current().close(),
            () -> Isolates.current().cancel(Duration.ofDays(1)),
            () -> Isolates.current().terminate(Duration.ofDays(1)))) {
          assertThatThrownBy(() -> isolate.call(fromInside)).isInstanceOfSatisfying(ExecutionFailedException.class,
              e -> {
                assertThat(e.excInfo().typeName()).isEqualTo(IllegalStateException.class.getName());
                assertThat(e.excInfo().message()).contains("from inside it");
              });
        }
        assertThat(isolate.isClosed()).isFalse();
      }
    }

    @Test
    void close_fromANestedCallInAnotherIsolate_isStillFromInside() {
      try (Isolate outer = Isolates.create(); Isolate inner = Isolates.create()) {
        assertThatThrownBy(() -> outer.call(Escapes::closeFromInner, inner, outer))
            .isInstanceOf(ExecutionFailedException.class).hasMessageContaining("from inside it");
      }
    }
  }

  @Nested
  class OneThread {
    @Test
    void cancelOfOneThread_stopsItsTaskAlone() throws Exception {
      try (Isolate isolate = Isolates.create(config().build())) {
        Caller first = new Caller(() -> isolate.call(Runaway::spin));
        awaitLatch("running");
        Rendezvous.reset();
        Caller second = new Caller(() -> isolate.call(Runaway::spin));
        awaitLatch("running");
        assertThat(isolate.cancel(first, LONG)).isTrue();
        assertCancelled(first.end());
        assertThat(second.isAlive()).as("the other task goes on").isTrue();
        assertThat(isolate.usage().threadsInside()).isEqualTo(1);
        assertThat(isolate.cancel(LONG)).isTrue();
        assertCancelled(second.end());
        assertThat(isolate.cancel(first, Duration.ZERO)).as("a thread not inside").isTrue();
        assertThatThrownBy(() -> isolate.cancel(Thread.currentThread(), LONG))
            .isInstanceOf(IllegalStateException.class);
      }
    }
  }

  @Nested
  class Threads {
    @Test
    void threadsTheIsolateStarts_countAsInside_andUnderTheLimit() throws Exception {
      IsolateConfig limited = config().limits(IsolateLimits.builder().threads(3).build()).build();
      try (Isolate isolate = Isolates.create(limited)) {
        assertThat(isolate.call(Escapes::startWaitingThreads, 2)).isEqualTo(2);
        assertThat(isolate.usage().threadsInside()).isEqualTo(2);
        assertThat(isolate.isRunning()).isTrue();
        assertThatThrownBy(() -> isolate.call(Escapes::startWaitingThreads, 1))
            .isInstanceOfSatisfying(ExecutionFailedException.class, e -> {
              assertThat(e.excInfo().typeName()).isEqualTo(IsolateException.class.getName());
              assertThat(e.excInfo().message()).contains("threads=3");
            });
        assertThatThrownBy(isolate::close).isInstanceOf(IsolateException.class).hasMessageContaining("'waiter-0'");
        Rendezvous.open("stop");
        isolate.terminate(LONG);
      }
    }

    @Test
    void theCallingThreadCounts_underTheThreadsLimit() {
      IsolateConfig limited = config().limits(IsolateLimits.builder().threads(7).build()).build();
      try (Isolate isolate = Isolates.create(limited)) {
        assertThatThrownBy(() -> isolate.call(Escapes::startWaitingThreads, 7))
            .isInstanceOf(ExecutionFailedException.class).hasMessageContaining("threads=7");
        assertThat(isolate.usage().threadsInside()).as("six started, the seventh refused").isEqualTo(6);
        Rendezvous.open("stop");
        isolate.terminate(LONG);
      }
    }

    @Test
    void poolWorkers_areNeverInsideTheIsolateThatMadeThePool() throws Exception {
      Isolate maker = Isolates.create(config().build());
      long taskIsolate = maker.call(Escapes::makePoolAndRunATask);
      assertThat(taskIsolate).isNotEqualTo(maker.id());
      assertThat(maker.isRunning()).as("the pool's worker runs in its own isolate").isFalse();
      maker.close();
      IsolatePoolExecutor pool = (IsolatePoolExecutor) Kept.value;
      Kept.value = null;
      pool.close();
    }
  }

  @Nested
  class CommonPool {
    @Test
    void workHandedToTheCommonPool_runsInsideTheIsolate() throws Exception {
      try (Isolate isolate = Isolates.create(config().build())) {
        assertThat(isolate.call(Escapes::supplyAsyncIsolateId)).isEqualTo(isolate.id());
        assertThat(isolate.call(Escapes::asyncStagesIsolateId)).isEqualTo(isolate.id());
        assertThat(isolate.call(Escapes::parallelStreamIsolateIds)).containsExactly(isolate.id());
      }
    }

    @Test
    void aRunawayRunAsyncTask_keepsTheIsolateRunning_andIsStoppedByCancel() throws Exception {
      try (Isolate isolate = Isolates.create(config().build())) {
        isolate.call(Escapes::runAsyncSpin);
        awaitLatch("running");
        assertThat(isolate.isRunning()).isTrue();
        assertThat(isolate.usage().threadsInside()).isEqualTo(1);
        assertThatThrownBy(isolate::close).isInstanceOf(IsolateException.class)
            .hasMessageContaining("forkjoin");
        assertThat(isolate.cancel(LONG)).isTrue();
        assertThat(isolate.isRunning()).isFalse();
        assertThat(isolate.call(Escapes::parallelSum)).isEqualTo(5_000_050_000L);
      }
    }

    @Test
    void terminate_stopsASleepingCommonPoolTask() throws Exception {
      Isolate isolate = Isolates.create(config().build());
      isolate.call(Escapes::commonPoolSleep);
      awaitLatch("running");
      isolate.terminate(LONG);
      assertThat(isolate.isClosed()).isTrue();
    }

    @Test
    void cancel_stopsAParallelStream_andItsOtherLeavesNeverStart() throws Exception {
      try (Isolate isolate = Isolates.create(config().build())) {
        Caller caller = new Caller(() -> isolate.call(Escapes::parallelSpin));
        awaitLatch("running");
        assertThat(isolate.cancel(LONG)).isTrue();
        assertThat(caller.end()).isInstanceOf(ExecutionCancelledException.class);
        int started = Tally.get("leaves");
        assertThat(started).as("leaves started before the cancel").isBetween(1, 63);
        assertThat(isolate.call(Escapes::parallelSum)).isEqualTo(5_000_050_000L);
        assertThat(Tally.get("leaves")).as("leaves started after the cancel").isEqualTo(started);
      }
    }
  }

  @Nested
  class Servers {
    @Test
    void terminate_stopsAnHttpServerLeftRunning_andFreesItsPort() throws Exception {
      Isolate isolate = Isolates.create(config().build());
      int port = isolate.call(Escapes::startHttpServer);
      assertThat(isolate.isRunning()).as("its dispatcher thread is inside").isTrue();
      assertThatThrownBy(isolate::close).isInstanceOf(IsolateException.class)
          .hasMessageContaining("thread(s) its code started are alive");
      isolate.terminate(LONG);
      assertThat(isolate.isClosed()).isTrue();
      assertPortIsFree(port);
    }

    @Test
    void close_closesAServerSocketLeftOpen() throws Exception {
      Isolate isolate = Isolates.create(config().build());
      int port = isolate.call(Escapes::openServerSocket);
      isolate.close();
      assertPortIsFree(port);
    }

    private void assertPortIsFree(int port) throws IOException {
      try (ServerSocket again = new ServerSocket(port, 50, InetAddress.getLoopbackAddress())) {
        assertThat(again.getLocalPort()).isEqualTo(port);
      }
    }
  }

  @Nested
  class Pool {
    @Test
    void futureCancel_stopsARunningTaskThatChecksNothing_andTheWorkerGoesOn() throws Exception {
      try (IsolatePoolExecutor pool = new IsolatePoolExecutor(1); IsolateQueue<String> started =
          Isolates.createQueue()) {
        Future<?> spinning = pool.submit((Runnable & Serializable) () -> Escapes.spinAfterTelling(started));
        assertThat(started.get(LONG)).isEqualTo("running");
        assertThat(spinning.cancel(true)).isTrue();
        assertThatThrownBy(spinning::get).isInstanceOf(CancellationException.class);
        Future<Integer> next = pool.submit((IsolatedCallable<Integer>) () -> 42);
        assertThat(next.get(30, TimeUnit.SECONDS)).isEqualTo(42);
      }
    }

    @Test
    void shutdownNow_stopsTheRunningTasks_andReturnsTheOthers() throws Exception {
      IsolatePoolExecutor pool = new IsolatePoolExecutor(2);
      try (IsolateQueue<String> started = Isolates.createQueue()) {
        Future<?> first = pool.submit((Runnable & Serializable) () -> Escapes.spinAfterTelling(started));
        Future<?> second = pool.submit((Runnable & Serializable) () -> Escapes.spinAfterTelling(started));
        pool.submit((Runnable & Serializable) () -> Escapes.spinAfterTelling(started));
        assertThat(started.get(LONG)).isEqualTo("running");
        assertThat(started.get(LONG)).isEqualTo("running");
        assertThat(pool.shutdownNow()).hasSize(1);
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        for (Future<?> stopped : List.of(first, second)) {
          assertThatThrownBy(stopped::get).isInstanceOf(ExecutionException.class)
              .hasCauseInstanceOf(ExecutionCancelledException.class);
        }
      }
    }

    @Test
    void close_interrupted_stopsTheRunningTasks() throws Exception {
      IsolatePoolExecutor pool = new IsolatePoolExecutor(1);
      try (IsolateQueue<String> started = Isolates.createQueue()) {
        pool.submit((Runnable & Serializable) () -> Escapes.spinAfterTelling(started));
        assertThat(started.get(LONG)).isEqualTo("running");
        Thread closer = new Thread(pool::close, "closer");
        closer.start();
        while (closer.getState() != Thread.State.TIMED_WAITING && closer.getState() != Thread.State.WAITING) {
          Thread.onSpinWait(); // until close() waits for the task
        }
        closer.interrupt();
        closer.join(30_000);
        assertThat(closer.isAlive()).isFalse();
        assertThat(pool.isTerminated()).isTrue();
      }
    }
  }

  @Nested
  class WhatAReviewFound {
    @Test
    void aCancel_releasesWhoeverWaitsForWorkQueuedInThePool_andTheIsolateClosesAfterwards() throws Exception {
      Isolate isolate = Isolates.create(config().build());
      Caller caller = new Caller(() -> isolate.call(Escapes::joinBehindSpinners));
      awaitLatch("running");
      assertThat(isolate.cancel(LONG)).isTrue();
      caller.end(); // the queued task ran out, and the call returned: no poll of it came after the cancel
      Rendezvous.reset();
      Caller joining = new Caller(() -> isolate.call(Escapes::joinSpinner));
      awaitLatch("running");
      assertThat(isolate.cancel(LONG)).isTrue();
      assertThat(joining.end()).as("a stop inside the pool, in the chain of causes").isInstanceOfSatisfying(
          ExecutionCancelledException.class, e -> assertThat(e.getMessage()).doesNotContain("dev.isolates.impl"));
      assertThat(isolate.call(Escapes::parallelSum)).isEqualTo(5_000_050_000L);
      assertThat(isolate.isRunning()).isFalse();
      isolate.close();
    }

    @Test
    void anEarlierCancel_doesNotStopThreadsStartedAfterIt() throws Exception {
      try (Isolate isolate = Isolates.create(config().build())) {
        assertThat(isolate.cancel(Duration.ZERO)).isTrue();
        isolate.call(Escapes::startWaitingThreads, 1);
        Caller spinning = Caller.untilRunning(isolate, Runaway::spin);
        assertThat(isolate.cancel(spinning, LONG)).isTrue();
        assertCancelled(spinning.end());
        assertThat(isolate.usage().threadsInside()).as("the waiting thread goes on").isEqualTo(1);
        Rendezvous.open("stop");
        isolate.terminate(LONG);
      }
    }

    @Test
    void aCancelOfACallInThreadThread_thatHasNotRunYet_stopsItsTask() throws Exception {
      try (Isolate isolate = Isolates.create(config().build())) {
        Thread thread = isolate.callInThread(Runaway::spin);
        assertThat(isolate.cancel(thread, LONG)).isTrue();
        thread.join(30_000);
        assertThat(thread.isAlive()).isFalse();
      }
    }

    @Test
    void close_refusesWhileAPieceOfWorkThatNobodyCountedRunsInThePool() throws Exception {
      Isolate isolate = Isolates.create(config().build());
      isolate.call(Escapes::forkAndLeave);
      awaitLatch("running");
      assertThatThrownBy(isolate::close).isInstanceOf(IsolateException.class).hasMessageContaining("forkjoin");
      isolate.terminate(LONG);
    }

    @Test
    void parallelWork_keepsTheApplicationsSemantics() {
      try (Isolate isolate = Isolates.create(config().build())) {
        assertThat(isolate.call(Escapes::parallelFailure)).as("the leaf's own exception")
            .isEqualTo("IllegalStateException: true");
        assertThat(isolate.call(Escapes::parallelBulkIsolateIds)).containsExactly(isolate.id());
        assertThat(isolate.call(Escapes::callOwnInvokeAll)).isEqualTo("same thread");
        assertThat(isolate.call(Escapes::timeOut)).isEqualTo("TimeoutException");
      }
    }

    @Test
    void threadsOfASubclassOfThread_countUnderTheLimit() {
      IsolateConfig limited = config().limits(IsolateLimits.builder().threads(2).build()).build();
      try (Isolate isolate = Isolates.create(limited)) {
        assertThatThrownBy(() -> isolate.call(Escapes::startSubclassThreads, 2))
            .isInstanceOf(ExecutionFailedException.class).hasMessageContaining("threads=2");
        Rendezvous.open("stop");
        isolate.terminate(LONG);
      }
    }

    @Test
    void aNestedCall_countsToTheOuterCallsTimeout() {
      IsolateConfig timed = config().limits(IsolateLimits.builder().callTimeout(Duration.ofMillis(200)).build())
          .build();
      try (Isolate outer = Isolates.create(timed); Isolate inner = Isolates.create(config().build())) {
        assertThatThrownBy(() -> outer.call(Escapes::spinIn, inner))
            .isInstanceOfSatisfying(ExecutionCancelledException.class,
                e -> assertThat(e.reason()).isEqualTo(CancelReason.CALL_TIMEOUT));
      }
    }

    @Test
    void theCpuTimeOfAThreadTheIsolateStarted_isTheIsolates() throws Exception {
      try (Isolate isolate = Isolates.create(config().accounting(true).build())) {
        isolate.call(Escapes::startSpinner);
        awaitLatch("running");
        long deadline = System.nanoTime() + 60_000_000_000L; // a guard only: the loop waits for work done
        while (isolate.usage().cpuTime().toMillis() < 50 && System.nanoTime() < deadline) {
          Thread.yield();
        }
        assertThat(isolate.usage().cpuTime()).isGreaterThanOrEqualTo(Duration.ofMillis(50));
        isolate.terminate(LONG);
      }
    }

    @Test
    void terminate_stopsAnHttpServerWhoseHandlerSpins() throws Exception {
      Isolate isolate = Isolates.create(config().build());
      int port = isolate.call(Escapes::startSpinningHttpServer);
      Thread client = new Thread(() -> {
        try {
          new java.net.URL("http://127.0.0.1:" + port + "/").openStream().close();
        } catch (IOException expected) {
          // the server went away
        }
      });
      client.start();
      awaitLatch("running");
      isolate.terminate(LONG);
      assertThat(isolate.isClosed()).isTrue();
      client.join(30_000);
    }
  }
}
