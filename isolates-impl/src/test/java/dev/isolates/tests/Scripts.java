package dev.isolates.tests;

import groovy.lang.GroovyShell;

/**
 * Groovy scripts run inside an isolate, as an application that evaluates its users' scripts runs them: each
 * isolate loads its own Groovy, whose class loaders define the classes each script compiles to.
 */
public final class Scripts {
  /** A loop that calls nothing, which only a poll at its back-edge can stop. */
  public static final String SPIN = "dev.isolates.tests.shared.Rendezvous.open('running'); while (true) {}";
  /** The same loop compiled statically, so that nothing in it calls Groovy's runtime either. */
  public static final String SPIN_STATICALLY = "@groovy.transform.CompileStatic\n"
      + "static long spin() {\n"
      + "  dev.isolates.tests.shared.Rendezvous.open('running')\n"
      + "  long i = 0\n"
      + "  while (true) { i++ }\n"
      + "}\n"
      + "spin()";

  private Scripts() {}

  /** Compiles and runs a script with a shell of its own. */
  public static Object evaluate(String script) {
    return new GroovyShell().evaluate(script);
  }
}
