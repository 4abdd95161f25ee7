package dev.isolates.examples.bench;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs every benchmark of this package with JMH, measures the memory of live isolates, and prints one table:
 * each operation, our median (and p99 for latencies), its baseline measured in the same run, their ratio, and
 * our target. A second, small table sets CPython's figures from another run beside ours.
 *
 * <p>Run it with {@code ./mvnw -q -Pbench -DskipTests verify}, or {@code -Dbench.args=quick} for a short run.
 * Arguments: {@code [quick|full] [regex]}, the regular expression selecting benchmarks by name. The table goes
 * to standard output, progress to standard error, JMH's own output to {@code target/jmh-log.txt} and its
 * results to {@code target/jmh-result.json}.
 */
public final class BenchmarkTable {
  private static final String PACKAGE = BenchmarkTable.class.getPackageName();
  /** The JVM flags forks must share with this JVM: Chronicle's access to JDK internals. */
  private static final List<String> INHERITED_FLAG_PREFIXES = List.of("--add-", "--enable-native", "--sun-misc");
  /**
   * The Chronicle settings the isolates runtime makes before its first queue, made here for every fork, so
   * that the raw Chronicle baselines (which never start that runtime) run Chronicle the same way.
   */
  private static final List<String> CHRONICLE_PROPERTIES = List.of("-Dchronicle.analytics.disable=true",
      "-Dchronicle.disk.monitor.disable=true", "-Dbackground.releaser=false", "-Dslf4j.internal.verbosity=ERROR");

  private BenchmarkTable() {}

  /**
   * Runs the benchmarks and prints the tables; exits with status 1 if a figure is missing.
   *
   * @param args {@code [quick|full] [regex]}
   */
  public static void main(String[] args) throws Throwable {
    RunSettings settings = RunSettings.parse(args);
    long started = System.nanoTime();
    Path target = targetFolder();
    Path json = target.resolve("jmh-result.json");
    Path log = target.resolve("jmh-log.txt");
    PrintStream progress = System.err;
    progress.println("isolates benchmarks, " + settings);
    progress.println("JMH output: " + log);

    Map<String, Figure> figures = new LinkedHashMap<>();
    List<String> notes = new ArrayList<>();
    if (settings.measuresMemory()) {
      progress.println("  memory of " + settings.liveIsolates() + " live isolates and class loaders");
      measureMemory(settings.liveIsolates(), figures, notes);
    }
    figures.putAll(JmhFigures.from(runJmh(settings, json, log, progress)));

    PrintStream out = System.out;
    out.println();
    out.println("isolates benchmarks (" + settings.name() + " run, " + machine() + ")");
    out.print(Report.mainTable(Operations.ROWS, figures));
    out.println();
    out.println("ours/base: ratio of medians; 'better if' says which way is better for the figures and the"
        + " ratio. p99 only for latencies, sampled one operation");
    out.println("at a time (call: one batch of " + CallBenchmarks.BATCH + " calls, per call); throughputs"
        + " are medians of " + settings.iterations() + " iterations. 'meets' compares our median to the"
        + " target.");
    notes.forEach(out::println);
    out.println();
    out.println("Reference: CPython 3.14.10 concurrent.interpreters, figures from another run on this kind of"
        + " 2-core machine (not measured here)");
    out.print(Report.referenceTable(Operations.REFERENCES, figures));
    out.println();
    out.println("JMH results (JSON): " + json);
    out.printf(Locale.ROOT, "total time: %.0f s%n", (System.nanoTime() - started) / 1e9);

    if (settings.filter() == null && !Report.isComplete(Operations.ROWS, figures)) {
      progress.println("some figures are missing (n/a): a benchmark failed; see " + log);
      System.exit(1);
    }
  }

  private static void measureMemory(int count, Map<String, Figure> figures, List<String> notes) throws Throwable {
    MemoryFootprint.PerItem isolate = MemoryFootprint.perIsolate(count);
    MemoryFootprint.PerItem loader = MemoryFootprint.perClassLoader(count);
    figures.put(Operations.MEMORY_ISOLATE, Figure.memory(isolate.totalBytes()));
    figures.put(Operations.MEMORY_CLASS_LOADER, Figure.memory(loader.totalBytes()));
    notes.add("memory (" + count + " live at once, measured in the runner JVM): per isolate "
        + Units.kibibytes(isolate.heapBytes()) + " heap + " + Units.kibibytes(isolate.metaspaceBytes())
        + " Metaspace; per class loader " + Units.kibibytes(loader.heapBytes()) + " heap + "
        + Units.kibibytes(loader.metaspaceBytes()) + " Metaspace.");
  }

  private static Collection<RunResult> runJmh(RunSettings settings, Path json, Path log, PrintStream progress)
      throws Exception {
    Options options = new OptionsBuilder()
        .include("^" + PACKAGE.replace(".", "\\.") + "\\..*" + (settings.filter() == null ? "" : settings.filter()))
        .forks(1)
        .warmupIterations(settings.warmupIterations())
        .warmupTime(settings.warmupTime())
        .measurementIterations(settings.iterations())
        .measurementTime(settings.iterationTime())
        .timeout(TimeValue.minutes(1))
        .jvmArgsAppend(forkArguments())
        .addProfiler(GCProfiler.class) // bytes allocated per operation, for the queue's allocation row
        .shouldFailOnError(false)
        .result(json.toString())
        .resultFormat(ResultFormatType.JSON)
        .build();
    try (PrintStream logStream = new PrintStream(Files.newOutputStream(log), true, StandardCharsets.UTF_8)) {
      return new Runner(options,
          new ProgressFormat(OutputFormatFactory.createFormatInstance(logStream, VerboseMode.NORMAL), progress))
          .run();
    }
  }

  /** This JVM's access flags (see the README's "JVM flags"), which forks need too, and Chronicle's settings. */
  private static String[] forkArguments() {
    List<String> arguments = new ArrayList<>();
    for (String argument : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (INHERITED_FLAG_PREFIXES.stream().anyMatch(argument::startsWith)) {
        arguments.add(argument);
      }
    }
    arguments.addAll(CHRONICLE_PROPERTIES);
    return arguments.toArray(new String[0]);
  }

  /** The build's target folder, where Bench's classes are; the working folder if they come from elsewhere. */
  private static Path targetFolder() throws Exception {
    Path classes = Path.of(Bench.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path target = Files.isDirectory(classes) && classes.getParent() != null ? classes.getParent() : Path.of("");
    return target.toAbsolutePath();
  }

  private static String machine() {
    return Runtime.getRuntime().availableProcessors() + " cores, JDK " + Runtime.version() + ", "
        + System.getProperty("os.name") + " " + System.getProperty("os.arch");
  }
}
