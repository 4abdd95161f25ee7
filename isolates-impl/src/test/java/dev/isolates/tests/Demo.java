package dev.isolates.tests;

import dev.isolates.Isolates;

/** Tasks for the tests: plain static methods, loaded again by each isolate that calls them. */
public final class Demo {
  /** Counts calls per isolate: each isolate has its own copy of this field. */
  static int calls;

  private Demo() {}

  public static int sum(int a, int b) {
    calls++;
    return a + b;
  }

  public static int countCall() {
    return ++calls;
  }

  public static int calls() {
    return calls;
  }

  public static long currentId() {
    return Isolates.current().id();
  }

  public static int divide(int a, int b) {
    return a / b;
  }

  public static void fail(String message) throws Exception {
    throw new CustomFailure(message, new IllegalStateException("the cause"));
  }

  /** A user exception type, which only the isolate that threw it can load as such. */
  public static final class CustomFailure extends Exception {
    private static final long serialVersionUID = 1L;

    CustomFailure(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
