package dev.isolates.tests;

import dev.isolates.Isolates;

/** Tasks of four to six arguments: each isolate loads its own copy. */
public final class Arities {
  static String last;

  private Arities() {}

  public static String four(String a, int b, long c, Object d) {
    return a + b + c + d + "@" + Isolates.current().id();
  }

  public static String five(String a, int b, long c, Object d, char e) {
    return four(a, b, c, d) + e;
  }

  public static String six(String a, int b, long c, Object d, char e, double f) {
    return five(a, b, c, d, e) + f;
  }

  public static void remember(String a, String b, String c, String d, String e, String f) {
    last = a + b + c + d + e + f;
  }

  public static String last() {
    return last;
  }
}
