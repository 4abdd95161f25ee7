package dev.isolates.tests;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Starts a test's helper program in a JVM of its own, with or without this JVM's flags. */
final class ChildJvm {
  private ChildJvm() {}

  static Process start(Class<?> main, boolean withFlags, String... args) throws IOException {
    return start(main, withFlags, List.of(), args);
  }

  static Process start(Class<?> main, boolean withFlags, List<String> jvmOptions, String... args)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    if (withFlags) {
      ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
          .filter(flag -> flag.startsWith("--add-") || flag.startsWith("--enable-native") || flag.startsWith("--sun-misc"))
          .forEach(command::add);
    }
    command.add("-Xmx256m");
    command.addAll(jvmOptions);
    command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=info"); // logs what libraries log, where a binding is
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main.getName());
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectErrorStream(true).start();
  }

  /**
   * Runs the program under a shell that first lowers the open-files limit (soft and hard, so the JVM cannot
   * raise it again), as a crowded host would, and returns what it printed.
   */
  static String runWithOpenFiles(int limit, Class<?> main, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("sh", "-c", "ulimit -n " + limit + " && exec \"$@\"", "sh"));
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(flag -> flag.startsWith("--add-") || flag.startsWith("--enable-native") || flag.startsWith("--sun-misc"))
        .forEach(command::add);
    command.addAll(List.of("-Xmx512m", "-cp", System.getProperty("java.class.path"), main.getName()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] output = process.getInputStream().readAllBytes();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("child JVM " + main.getSimpleName() + " did not finish");
    }
    return new String(output, StandardCharsets.UTF_8);
  }

  /** Runs the program to its end and returns what it printed. */
  static String run(Class<?> main, boolean withFlags, String... args) throws IOException, InterruptedException {
    return run(main, withFlags, List.of(), args);
  }

  static String run(Class<?> main, boolean withFlags, List<String> jvmOptions, String... args)
      throws IOException, InterruptedException {
    Process process = start(main, withFlags, jvmOptions, args);
    byte[] output = process.getInputStream().readAllBytes();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("child JVM " + main.getSimpleName() + " did not finish");
    }
    return new String(output, StandardCharsets.UTF_8);
  }

  /** Reads the child's output until a line equal to {@code line}, failing if the child ends first. */
  static void awaitLine(Process process, String line) throws IOException {
    StringBuilder seen = new StringBuilder();
    java.io.BufferedReader reader = process.inputReader(StandardCharsets.UTF_8);
    for (String next = reader.readLine(); next != null; next = reader.readLine()) {
      if (next.equals(line)) {
        return;
      }
      seen.append(next).append('\n');
    }
    throw new AssertionError("child JVM ended without printing '" + line + "'; it printed:\n" + seen);
  }
}
