package dev.isolates.examples.bench;

import java.util.regex.Pattern;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * How long to run: the full run (under ten minutes on two cores) or the quick one ({@code quick}, under two),
 * and optionally a regular expression that selects benchmarks by name, for working on one of them.
 *
 * @param name {@code full} or {@code quick}
 * @param warmupIterations warm-up iterations per benchmark
 * @param warmupTime the length of each
 * @param iterations measurement iterations per benchmark
 * @param iterationTime the length of each
 * @param liveIsolates how many isolates the memory measurement keeps alive
 * @param filter a regular expression that benchmark names must contain, or null for all
 */
record RunSettings(String name, int warmupIterations, TimeValue warmupTime, int iterations,
    TimeValue iterationTime, int liveIsolates, String filter) {

  static final RunSettings FULL =
      new RunSettings("full", 4, TimeValue.seconds(1), 5, TimeValue.seconds(1), 1_000, null);
  /** Two warm-up iterations even here: the spinning loops need about a second before they are compiled. */
  static final RunSettings QUICK =
      new RunSettings("quick", 2, TimeValue.milliseconds(500), 2, TimeValue.milliseconds(500), 1_000, null);

  /** Reads {@code [quick|full] [regex]}. */
  static RunSettings parse(String... args) {
    RunSettings settings = FULL;
    String filter = null;
    for (String arg : args) {
      if (arg.equals("quick")) {
        settings = QUICK;
      } else if (arg.equals("full")) {
        settings = FULL;
      } else if (!arg.isBlank()) {
        Pattern.compile(arg); // fails early on a malformed expression
        filter = arg;
      }
    }
    return settings.withFilter(filter);
  }

  RunSettings withFilter(String filter) {
    return new RunSettings(name, warmupIterations, warmupTime, iterations, iterationTime, liveIsolates, filter);
  }

  /** Tells whether this run measures memory: always, unless a filter leaves it out. */
  boolean measuresMemory() {
    return filter == null || Pattern.compile(filter).matcher("memory").find();
  }

  @Override
  public String toString() {
    return name + " run: " + warmupIterations + " x " + warmupTime + " warm-up, " + iterations + " x "
        + iterationTime + " measurement, 1 fork per benchmark" + (filter == null ? "" : ", only /" + filter + "/");
  }
}
