package dev.isolates.examples;

import dev.isolates.Isolate;
import dev.isolates.Isolates;

/**
 * Quickstart: the examples of the Python 3.14 {@code concurrent.interpreters} article, line for line in Java.
 * Creates an isolate, calls a function inside it, and runs a function in a new thread inside it.
 */
public final class Quickstart {
  private Quickstart() {}

  static int sum(int a, int b) {
    return a + b;
  }

  static void hello() {
    System.out.println("hello from " + Thread.currentThread().getName() + " in isolate " + Isolates.current().id());
  }

  public static void main(String[] args) throws InterruptedException {
    try (Isolate interp1 = Isolates.create()) {
      int result = interp1.call(Quickstart::sum, 10, 2);
      System.out.println("interp1.call(sum, 10, 2) = " + result);

      Thread thread = interp1.callInThread(Quickstart::hello);
      thread.join();
    }
    System.out.println("isolates left: " + Isolates.listAll());
  }
}
