package dev.isolates.tests.shared;

/** One object that a test hands over from an isolate's code to itself, past the isolate's close. */
public final class Kept {
  public static volatile Object value;

  private Kept() {}
}
