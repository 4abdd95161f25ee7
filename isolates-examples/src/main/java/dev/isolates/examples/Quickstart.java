package dev.isolates.examples;

import dev.isolates.Isolate;
import dev.isolates.IsolateQueue;
import dev.isolates.Isolates;

/**
 * Quickstart: the examples of the Python 3.14 {@code concurrent.interpreters} article, line for line in Java.
 * Creates an isolate, calls a function inside it, runs a function in a new thread inside it, and takes that
 * thread's result from a queue.
 */
public final class Quickstart {
  private Quickstart() {}

  static int sum(int a, int b) {
    return a + b;
  }

  static void add(IsolateQueue<Integer> queue, int a, int b) {
    queue.put(a + b);
  }

  public static void main(String[] args) throws InterruptedException {
    try (Isolate interp1 = Isolates.create();
        IsolateQueue<Integer> queue = Isolates.createQueue()) {
      // interp.call(sum, 10, 2)
      int result = interp1.call(Quickstart::sum, 10, 2);
      System.out.println("interp1.call(sum, 10, 2) = " + result);

      // t = interp.call_in_thread(add, queue, 10, 2); t.join(); queue.get()
      Thread thread = interp1.callInThread(Quickstart::add, queue, 10, 2);
      thread.join();
      System.out.println("callInThread(add, queue, 10, 2), then queue.get() = " + queue.get());
      System.out.println("that thread was " + thread.getName() + ", running inside " + interp1);
    }
    System.out.println("isolates left: " + Isolates.listAll());
  }
}
