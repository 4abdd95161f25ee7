package dev.isolates.tests;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** Starts a test's helper program in a JVM of its own, with or without this JVM's flags. */
public final class ChildJvm {
  private static final String CLASS_PATH = System.getProperty("java.class.path");

  private ChildJvm() {}

  static Process start(Class<?> main, boolean withFlags, String... args) throws IOException {
    return start(main, withFlags, List.of(), args);
  }

  static Process start(Class<?> main, boolean withFlags, List<String> jvmOptions, String... args)
      throws IOException {
    return new ProcessBuilder(command(List.of(), CLASS_PATH, main, withFlags, jvmOptions, args))
        .redirectErrorStream(true).start();
  }

  /** Starts a program, with this JVM's flags, on a class path of the test's choosing. */
  static Process start(Class<?> main, String classPath, String... args) throws IOException {
    return new ProcessBuilder(command(List.of(), classPath, main, true, List.of(), args)).redirectErrorStream(true)
        .start();
  }

  /**
   * Runs the program under a shell that first lowers the open-files limit (soft and hard, so the JVM cannot
   * raise it again), as a crowded host would, and returns what it printed.
   */
  static String runWithOpenFiles(int limit, Class<?> main, String... args) throws IOException, InterruptedException {
    List<String> shell = List.of("sh", "-c", "ulimit -n " + limit + " && exec \"$@\"", "sh");
    return outputOf(command(shell, CLASS_PATH, main, true, List.of("-Xmx512m"), args), main, 120);
  }

  /** Runs the program to its end and returns what it printed. */
  static String run(Class<?> main, boolean withFlags, String... args) throws IOException, InterruptedException {
    return run(main, withFlags, List.of(), args);
  }

  /**
   * Runs the program to its end, in a JVM with these options besides the class path, and returns what it printed.
   *
   * @param main the program
   * @param withFlags whether to pass on this JVM's {@code --add-opens} and similar flags
   * @param jvmOptions more options, such as {@code --limit-modules}
   * @param args the program's arguments
   * @return its standard output and error, interleaved
   */
  public static String run(Class<?> main, boolean withFlags, List<String> jvmOptions, String... args)
      throws IOException, InterruptedException {
    return outputOf(command(List.of(), CLASS_PATH, main, withFlags, jvmOptions, args), main, 60);
  }

  /**
   * Runs the program to its end, with this JVM's flags, on this JVM's class path less the jars whose file names
   * start with {@code leftOut} (such as the tests' SLF4J binding), and returns what it printed.
   */
  static String runWithout(String leftOut, Class<?> main, List<String> jvmOptions)
      throws IOException, InterruptedException {
    String classPath = Arrays.stream(CLASS_PATH.split(File.pathSeparator))
        .filter(entry -> !Path.of(entry).getFileName().toString().startsWith(leftOut))
        .collect(Collectors.joining(File.pathSeparator));
    return outputOf(command(List.of(), classPath, main, true, jvmOptions), main, 60);
  }

  private static List<String> command(List<String> prefix, String classPath, Class<?> main, boolean withFlags,
      List<String> jvmOptions, String... args) {
    List<String> command = new ArrayList<>(prefix);
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    if (withFlags) {
      ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
          .filter(flag -> flag.startsWith("--add-") || flag.startsWith("--enable-native") || flag.startsWith("--sun-misc"))
          .forEach(command::add);
    }
    command.add("-Xmx256m");
    command.addAll(jvmOptions); // a later -Xmx wins
    command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=info"); // logs what libraries log, where a binding is
    command.add("-cp");
    command.add(classPath);
    command.add(main.getName());
    command.addAll(List.of(args));
    return command;
  }

  /**
   * Runs a command, its output going to a file so that a child that hangs cannot block the reading, and returns
   * what it printed; kills it and fails if it has not ended after {@code seconds}.
   */
  private static String outputOf(List<String> command, Class<?> main, int seconds)
      throws IOException, InterruptedException {
    Path output = Files.createTempFile("child-jvm-", ".txt");
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
      if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
        throw new AssertionError("child JVM " + main.getSimpleName() + " did not finish in " + seconds
            + " s; it printed:\n" + read(output));
      }
      return read(output);
    } finally {
      Files.delete(output);
    }
  }

  private static String read(Path output) throws IOException {
    return new String(Files.readAllBytes(output), StandardCharsets.UTF_8);
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
