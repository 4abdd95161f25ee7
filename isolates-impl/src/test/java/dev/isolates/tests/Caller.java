package dev.isolates.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.isolates.Isolate;
import dev.isolates.IsolatedRunnable;
import dev.isolates.tests.shared.Rendezvous;
import java.util.concurrent.atomic.AtomicReference;

/** A thread that makes a call into an isolate and keeps what the call ended with, for the tests that stop calls. */
final class Caller extends Thread {
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private final Runnable call;

  /** Starts a thread that runs {@code call}. */
  Caller(Runnable call) {
    this.call = call;
    start();
  }

  /**
   * Calls a task of {@link Runaway}'s kind in a thread of its own, and returns once the task opened the latch
   * {@code "running"} (the isolate must share {@code dev.isolates.tests.shared}).
   */
  static Caller untilRunning(Isolate isolate, IsolatedRunnable task) throws InterruptedException {
    Rendezvous.reset();
    Caller caller = new Caller(() -> isolate.call(task));
    assertThat(Rendezvous.await("running")).as("the task started: %s", caller.failure.get()).isTrue();
    return caller;
  }

  @Override
  public void run() {
    try {
      call.run();
    } catch (Throwable e) {
      failure.set(e);
    }
  }

  /** Joins the thread and returns the exception its call ended with, or null. */
  Throwable end() throws InterruptedException {
    join(30_000);
    assertThat(isAlive()).as("the calling thread ended").isFalse();
    return failure.get();
  }
}
