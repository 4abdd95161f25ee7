package dev.isolates.tests;

import dev.isolates.Isolates;
import dev.isolates.tests.shared.Rendezvous;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;

/** Code that starts virtual threads, compiled for JDK 21: each isolate loads its own copy. */
public final class VirtualGuests {
  static volatile long sink;
  /** An executor left running on purpose: terminate must shut it down. */
  static ExecutorService executor;

  private VirtualGuests() {}

  /** Starts a virtual thread that spins for ever, and one that sleeps for ever, and returns at once. */
  public static void startSpinnerAndSleeper() {
    Thread.ofVirtual().name("spinner").start(VirtualGuests::spin);
    Thread.startVirtualThread(VirtualGuests::sleep);
  }

  /** Starts spinning and sleeping tasks on a virtual-thread-per-task executor, and returns at once. */
  public static void submitToVirtualExecutor() {
    executor = Executors.newVirtualThreadPerTaskExecutor();
    executor.submit(VirtualGuests::spin);
    executor.submit(VirtualGuests::sleep);
  }

  /** Starts virtual threads through a builder's factory until refused; returns how many started. */
  public static int startThroughFactory(int count) {
    ThreadFactory factory = Thread.ofVirtual().factory();
    for (int i = 0; i < count; i++) {
      factory.newThread(VirtualGuests::awaitStop).start();
    }
    return count;
  }

  /** The id of the isolate a virtual thread runs in. */
  public static long idInVirtualThread() throws InterruptedException {
    long[] id = new long[1];
    Thread thread = Thread.ofVirtual().start(() -> id[0] = Isolates.current().id());
    thread.join();
    return id[0];
  }

  private static void spin() {
    Rendezvous.open("spinning");
    long i = 0;
    while (true) {
      sink = i++;
    }
  }

  private static void sleep() {
    Rendezvous.open("sleeping");
    try {
      Thread.sleep(Long.MAX_VALUE);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void awaitStop() {
    try {
      Rendezvous.await("stop");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
