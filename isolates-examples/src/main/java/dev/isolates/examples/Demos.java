package dev.isolates.examples;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs the examples in sequence, each after a heading; {@code Demos quickstart} runs one. This is what the
 * README's demo command starts.
 */
public final class Demos {
  /** The examples by name, in the order a reader should meet them. */
  static final Map<String, Example> EXAMPLES = new LinkedHashMap<>();

  static {
    EXAMPLES.put("quickstart", Quickstart::main);
    EXAMPLES.put("static-state", StaticState::main);
    EXAMPLES.put("two-versions", TwoVersions::main);
    EXAMPLES.put("parallel", Parallel::main);
    EXAMPLES.put("pipeline", Pipeline::main);
    EXAMPLES.put("failures", Failures::main);
    EXAMPLES.put("runaway", Runaway::main);
    EXAMPLES.put("legacy-jdbc", LegacyJdbc::main);
    EXAMPLES.put("inspect", Inspect::main);
    EXAMPLES.put("grid", Grid::main);
  }

  private Demos() {}

  /** An example's {@code main}. */
  @FunctionalInterface
  interface Example {
    void main(String[] args) throws Exception;
  }

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && !EXAMPLES.containsKey(args[0])) {
      System.err.println("unknown example '" + args[0] + "'; choose one of " + EXAMPLES.keySet());
      System.exit(2);
    }
    for (Map.Entry<String, Example> example : EXAMPLES.entrySet()) {
      if (args.length == 0 || args[0].equals(example.getKey())) {
        System.out.println();
        System.out.println("== " + example.getKey() + " ==");
        example.getValue().main(new String[0]);
      }
    }
  }
}
