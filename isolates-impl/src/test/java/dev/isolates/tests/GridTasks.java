package dev.isolates.tests;

import dev.isolates.IsolateQueue;
import dev.isolates.Isolates;
import dev.isolates.tests.shared.Kept;
import dev.isolates.tests.shared.Rendezvous;
import java.lang.ref.WeakReference;
import java.time.Duration;

/** Tasks for the grid tests, run in the pools' isolates on the members: each isolate has its own copy. */
public final class GridTasks {
  /** Counts the tasks of this isolate. */
  static int calls;

  private GridTasks() {}

  public static int count() {
    return ++calls;
  }

  /** The isolate the task runs in, as its {@code toString}: its name says which pool and member. */
  public static String where() {
    return Isolates.current().toString();
  }

  /** Says it started, then loops without ever looking at a flag; opens the latch {@code stopped} once stopped. */
  public static int spin(IsolateQueue<String> started) {
    started.put("spinning in " + Isolates.current());
    long turns = 0;
    try {
      while (true) {
        turns++;
      }
    } finally {
      Rendezvous.open("stopped");
    }
  }

  /** Says it started, then waits for a word on {@code go} and returns it with this isolate's count. */
  public static String await(IsolateQueue<String> started, IsolateQueue<String> go) {
    started.put("waiting in " + Isolates.current());
    return go.get(Duration.ofSeconds(60)) + " " + count();
  }

  public static int divide(int a, int b) {
    return a / b;
  }

  /** Puts an item into a grid queue it captured, and hands the test a weak reference to this isolate's loader. */
  public static int keepLoader(IsolateQueue<String> queue) {
    queue.put("from " + Isolates.current());
    Kept.value = new WeakReference<>(Thread.currentThread().getContextClassLoader());
    return 1;
  }

  /** How many isolates are open in this JVM, main included. */
  public static int openIsolates() {
    return Isolates.listAll().size();
  }

  /** A value whose class each isolate, and each JVM, loads as its own. */
  public record Point(int x, int y) {}
}
