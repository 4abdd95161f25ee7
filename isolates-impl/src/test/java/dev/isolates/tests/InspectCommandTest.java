package dev.isolates.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.isolates.impl.inspect.command.InspectCommand;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The attach command against real JVMs: {@link InspectTarget} with remote exec enabled, another without it, and
 * the command itself in a JVM of its own whose class path is the impl module's classes alone (no API, Guava or
 * Chronicle), which proves it needs nothing but the JDK.
 */
class InspectCommandTest {
  private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

  @TempDir
  static Path folder;

  /** Runs with -Disolates.remoteExec=true. */
  private static Target target;
  /** Runs without it. */
  private static Target locked;

  @BeforeAll
  static void startTargets() throws IOException {
    target = Target.start(List.of("-Disolates.remoteExec=true"), folder.resolve("durable"));
    locked = Target.start(List.of(), folder.resolve("durable-locked"));
    target.awaitReady();
    locked.awaitReady();
  }

  @AfterAll
  static void stopTargets_whichStillCloseEveryIsolateCleanly() throws Exception {
    for (Target each : List.of(target, locked)) {
      if (each != null) {
        assertThat(each.stop()).as("the target's last words").endsWith("closed cleanly");
      }
    }
  }

  // ------------------------------------------------------------------------------------------------ ps

  @Test
  void ps_listsEveryLiveIsolate_inATable() throws Exception {
    Result result = inspect("ps", target.pid());
    result.assertDone();
    assertThat(result.out.lines().findFirst()).hasValueSatisfying(header ->
        assertThat(header.split(" +")).containsExactly("ID", "NAME", "WHENCE", "RUNNING", "THREADS", "CALLS", "CPU",
            "CLASSES"));
    assertThat(result.out).containsPattern("(?m)^0 +- +RUNTIME +yes +\\d+ +\\d+ +- +\\d+$")
        .containsPattern("(?m)^" + target.parser + " +parser +API +yes +1 +\\d+ +- +\\d+$")
        .containsPattern("(?m)^" + target.idle + " +- +API +no +0 +\\d+ +- +\\d+$");
  }

  @Test
  void ps_json_givesOneObjectPerIsolate_withTheDocumentedKeys() throws Exception {
    Result result = inspect("ps", target.pid(), "--json");
    result.assertDone();
    assertThat(result.out).startsWith("[\n").endsWith("\n]\n")
        .containsPattern(Pattern.quote("{\"id\":0,\"name\":\"\",\"whence\":\"RUNTIME\",\"running\":true,")
            + "\"threadsInside\":\\d+,\"calls\":\\d+,\"failedCalls\":\\d+,\"loadedClasses\":\\d+,"
            + "\"cpuTimeNanos\":0,\"allocatedBytes\":0}")
        .containsPattern(Pattern.quote("{\"id\":" + target.parser + ",\"name\":\"parser\",\"whence\":\"API\","
            + "\"running\":true,\"threadsInside\":1,") + "\"calls\":\\d+,\"failedCalls\":\\d+,"
            + "\"loadedClasses\":\\d+,\"cpuTimeNanos\":0,\"allocatedBytes\":0}");
    assertThat(result.out.lines().filter(line -> line.startsWith("  {"))).hasSize(3);
  }

  // ------------------------------------------------------------------------------------------------ stacks

  @Test
  void stacks_showTheThreadsInsideEachIsolate_withTheirFrames() throws Exception {
    Result result = inspect("stacks", target.pid());
    result.assertDone();
    assertThat(result.out)
        .contains("isolate " + target.parser + " 'parser' (API): 1 thread\n")
        .containsPattern("\"isolate-" + target.parser + "-parser-thread-1\" (TIMED_)?WAITING\n")
        .containsPattern("\n +at dev\\.isolates\\.tests\\.InspectTarget\\.hold\\(InspectTarget\\.java:\\d+\\)\n")
        .contains("isolate " + target.idle + " (API): no thread inside\n")
        .doesNotContain("LambdaForm$").doesNotContain("$$Lambda");
  }

  @Test
  void stacks_leaveOutTheFramesAnExceptionsStackTraceLeavesOut() throws Exception {
    Result result = inspect("stacks", target.pid(), "--isolate", target.parser);
    result.assertDone();
    List<String> frames = result.out.lines().filter(line -> line.startsWith("      at "))
        .map(line -> line.substring("      at ".length())).collect(Collectors.toList());
    int hold = 0;
    while (hold < frames.size() && !frames.get(hold).startsWith(InspectTarget.class.getName() + ".hold(")) {
      hold++;
    }
    assertThat(hold).as("the frame of hold() in%n%s", result.out).isLessThan(frames.size());
    // reached through reflection and a method handle: Invokers$Holder, DirectMethodHandle$Holder and the like
    assertThat(frames.subList(hold + 1, frames.size())).containsExactlyElementsOf(target.callers);
  }

  @Test
  void stacks_ofOneIsolate_json_givesOneObjectPerThread() throws Exception {
    Result result = inspect("stacks", target.pid(), "--isolate", target.parser, "--json");
    result.assertDone();
    assertThat(result.out.lines().filter(line -> line.startsWith("  {"))).hasSize(1);
    assertThat(result.out).containsPattern(Pattern.quote("{\"isolateId\":" + target.parser + ",\"thread\":\"isolate-"
        + target.parser + "-parser-thread-1\",\"state\":\"") + "(TIMED_)?WAITING\",\"frames\":\\[\"[^]]*"
        + Pattern.quote("\"dev.isolates.tests.InspectTarget.hold(InspectTarget.java:") + "\\d+\\)\"");
    assertThat(inspect("stacks", target.pid(), "--isolate", target.idle, "--json").out).isEqualTo("[]\n");
  }

  // ------------------------------------------------------------------------------------------------ queues

  @Test
  void queues_listTheOpenQueues_temporaryAndDurable() throws Exception {
    Result result = inspect("queues", target.pid());
    result.assertDone();
    assertThat(result.out).containsPattern("(?m)^ID +SIZE +MAX +DURABLE +FOLDER$")
        .containsPattern("(?m)^" + target.work + " +3 +10 +no +-$")
        .containsPattern("(?m)^" + target.durable + " +0 +unbounded +yes +" + Pattern.quote(target.folder()) + "$");
  }

  @Test
  void queues_json_givesTheDocumentedKeys() throws Exception {
    Result result = inspect("queues", target.pid(), "--json");
    result.assertDone();
    assertThat(result.out)
        .contains("{\"id\":" + target.work + ",\"size\":3,\"maxSize\":10,\"durable\":false,\"folder\":\"\"}")
        .contains("{\"id\":" + target.durable + ",\"size\":0,\"maxSize\":0,\"durable\":true,\"folder\":\""
            + target.folder() + "\"}");
  }

  // ------------------------------------------------------------------------------------------------ exec

  @Test
  void exec_printsTheReturnedValue_andNothingElse_seeingTheIsolatesState() throws Exception {
    Result inParser = inspect("exec", target.pid(), "--isolate", target.parser,
        "-e", "import dev.isolates.tests.Demo;\nreturn \"calls: \" + Demo.calls();");
    inParser.assertDone();
    assertThat(inParser.out).isEqualTo("calls: 2\n");
    assertThat(inspect("exec", target.pid(), "--isolate", "0", "-e", "return dev.isolates.tests.Demo.calls();").out)
        .as("main's own copy of the class").isEqualTo("0\n");
    Result nothing = inspect("exec", target.pid(), "--isolate", target.idle, "-e", "int unused = 1;");
    nothing.assertDone();
    assertThat(nothing.out).isEmpty();
  }

  @Test
  void exec_readsTheStatementsFromAFile() throws Exception {
    Path file = Files.writeString(folder.resolve("statements.java"),
        "import java.util.Map;\nimport java.util.TreeMap;\nreturn new TreeMap<>(Map.of(\"b\", 2, \"a\", 1));\n");
    Result result = inspect("exec", target.pid(), "--isolate", target.parser, "--file", file.toString());
    result.assertDone();
    assertThat(result.out).isEqualTo("{a=1, b=2}\n");
  }

  @Test
  void exec_isRefused_unlessTheTargetEnablesRemoteExec() throws Exception {
    inspect("exec", locked.pid(), "--isolate", locked.parser, "-e", "return 1;")
        .assertFailed("JVM " + locked.pid() + " does not allow remote exec", "-Disolates.remoteExec=true");
  }

  @Test
  void exec_ofStatementsWithAMisplacedPackageLine_saysWhy() throws Exception {
    inspect("exec", target.pid(), "--isolate", target.parser, "-e", "import java.util.List;\npackage a.b;\nreturn 1;")
        .assertFailed("isolates: cannot exec in isolate " + target.parser + " of JVM " + target.pid() + ": 'package"
            + " a.b;' on line 2 comes after an import or another package line");
  }

  @Test
  void exec_ofStatementsThatDoNotCompile_failsWithTheDiagnostics() throws Exception {
    inspect("exec", target.pid(), "--isolate", target.parser, "-e", "int x = 1;\nreturn nope + x;")
        .assertFailed("the statements do not compile in isolate " + target.parser + " of JVM " + target.pid(),
            "line 2, column 8: cannot find symbol");
  }

  @Test
  void exec_ofStatementsThatThrow_failsWithTheException() throws Exception {
    inspect("exec", target.pid(), "--isolate", target.parser, "-e", "int zero = 0;\nreturn 1 / zero;")
        .assertFailed("the statements failed in isolate " + target.parser + " of JVM " + target.pid(),
            "java.lang.ArithmeticException: / by zero");
  }

  @Test
  void exec_orStacks_ofAnUnknownIsolate_namesTheId() throws Exception {
    inspect("exec", target.pid(), "--isolate", "999", "-e", "return 1;")
        .assertFailed("JVM " + target.pid() + " has no isolate with id 999");
    inspect("stacks", target.pid(), "--isolate", "999").assertFailed("has no isolate with id 999");
  }

  @Test
  void exec_ofAMissingFile_namesTheFile() throws Exception {
    inspect("exec", target.pid(), "--isolate", "0", "--file", folder.resolve("missing.java").toString())
        .assertFailed("cannot read the statements from " + folder.resolve("missing.java"));
  }

  @Test
  void failedExecs_leaveTheTargetAsItWas() throws Exception {
    inspect("exec", target.pid(), "--isolate", target.parser, "-e", "throw new IllegalStateException(\"x\");")
        .assertFailed("java.lang.IllegalStateException: x");
    inspect("exec", target.pid(), "--isolate", target.parser, "-e", "int = ;").assertFailed("do not compile");
    Result ps = inspect("ps", target.pid(), "--json");
    assertThat(ps.out).contains("{\"id\":" + target.parser + ",\"name\":\"parser\",\"whence\":\"API\","
        + "\"running\":true,\"threadsInside\":1,");
    assertThat(inspect("stacks", target.pid(), "--isolate", target.parser).out).contains("1 thread\n");
  }

  // ------------------------------------------------------------------------------------------------ bad input

  @Test
  void anUnknownCommand_isAUsageError_whoseUsageNamesEveryCommand() throws Exception {
    Result result = inspect("top", target.pid());
    assertThat(result.status).isEqualTo(2);
    assertThat(result.out).isEmpty();
    assertThat(result.err).contains("unknown command 'top'")
        .contains("ps <pid>").contains("stacks <pid>").contains("queues <pid>").contains("exec <pid>");
  }

  @Test
  void aMissingOrNonNumericPid_isAUsageError() throws Exception {
    inspect("ps").assertUsageError("'ps' needs the pid");
    inspect("stacks", "twelve").assertUsageError("the pid must be a number above 0, but was 'twelve'");
    inspect().assertUsageError("no command given");
  }

  @Test
  void badOptions_areUsageErrors() throws Exception {
    inspect("exec", target.pid(), "-e", "return 1;").assertUsageError("'exec' needs --isolate <id>");
    inspect("exec", target.pid(), "--isolate", "1").assertUsageError("'exec' needs the statements, either -e <statements> or --file <path>");
    inspect("exec", target.pid(), "--isolate", "1", "-e", "return 1;", "--json")
        .assertUsageError("'exec' has no option --json");
    inspect("ps", target.pid(), "--verbose").assertUsageError("unknown option '--verbose' of 'ps'");
    inspect("stacks", target.pid(), "--isolate").assertUsageError("--isolate needs a value");
  }

  @Test
  void help_printsTheUsage() throws Exception {
    Result result = inspect("--help");
    result.assertDone();
    assertThat(result.out).startsWith("usage: java -jar isolates-impl.jar <command> <pid> [options]");
  }

  @Test
  void aPidWithNoProcess_isNamed() throws Exception {
    Process ended = new ProcessBuilder("true").start();
    ended.waitFor();
    inspect("ps", String.valueOf(ended.pid())).assertFailed("no process with pid " + ended.pid());
  }

  @Test
  void aProcessThatIsNotAJvm_isNamed_andLeftRunning() throws Exception {
    Process sleep = new ProcessBuilder("sleep", "60").start();
    try {
      inspect("ps", String.valueOf(sleep.pid()))
          .assertFailed("process " + sleep.pid() + " is not a Java virtual machine of this user");
      assertThat(sleep.isAlive()).as("the process is left as it was: not sent the attach signal").isTrue();
    } finally {
      sleep.destroy();
    }
  }

  @Test
  void aJvmWithoutTheIsolatesRuntime_isNamed() throws Exception {
    Path testClasses = Path.of(PlainJvm.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Process plain = new ProcessBuilder(JAVA, "-cp", testClasses.toString(), PlainJvm.class.getName()).start();
    try {
      assertThat(plain.inputReader(StandardCharsets.UTF_8).readLine()).isEqualTo("ready");
      inspect("queues", String.valueOf(plain.pid()))
          .assertFailed("JVM " + plain.pid() + " has no isolates runtime");
    } finally {
      plain.getOutputStream().close();
      assertThat(plain.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
  }

  // ------------------------------------------------------------------------------------------------ harness

  /** Runs the command in a JVM of its own, with the impl module's compiled classes alone on its class path. */
  private static Result inspect(Object... args) throws Exception {
    Path classes = Path.of(InspectCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    assertThat(classes).isDirectory().endsWith(Path.of("isolates-impl", "target", "classes"));
    List<String> command = new ArrayList<>(List.of(JAVA, "-cp", classes.toString(), InspectCommand.class.getName()));
    for (Object arg : args) {
      command.add(String.valueOf(arg));
    }
    Path out = Files.createTempFile(folder, "out", ".txt");
    Path err = Files.createTempFile(folder, "err", ".txt");
    Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("the command did not end: " + command);
    }
    return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
  }

  private static final class Result {
    final int status;
    final String out;
    final String err;

    Result(int status, String out, String err) {
      this.status = status;
      this.out = out;
      this.err = err;
    }

    void assertDone() {
      assertThat(err).as("standard error").isEmpty();
      assertThat(status).as("exit status").isZero();
    }

    /** Status 1, nothing on standard output, and one line on standard error that contains each part. */
    void assertFailed(String... parts) {
      assertThat(status).as("exit status; standard error: %s", err).isEqualTo(1);
      assertThat(out).as("standard output").isEmpty();
      assertThat(err.lines()).as("standard error").hasSize(1);
      for (String part : parts) {
        assertThat(err).contains(part);
      }
    }

    void assertUsageError(String message) {
      assertThat(status).as("exit status; standard error: %s", err).isEqualTo(2);
      assertThat(out).as("standard output").isEmpty();
      assertThat(err).startsWith("isolates: " + message).contains("usage: ");
    }
  }

  /** A running {@link InspectTarget} and the ids it printed. */
  private static final class Target {
    final Process process;
    final BufferedReader output;
    final Path durableFolder;
    String parser;
    String idle;
    String work;
    String durable;
    /** The frames below the blocked thread's hold(), as its exception stack trace shows them. */
    final List<String> callers = new ArrayList<>();

    private Target(Process process, Path durableFolder) {
      this.process = process;
      this.output = process.inputReader(StandardCharsets.UTF_8);
      this.durableFolder = durableFolder;
    }

    static Target start(List<String> options, Path durableFolder) throws IOException {
      return new Target(ChildJvm.start(InspectTarget.class, true, options, durableFolder.toString()), durableFolder);
    }

    void awaitReady() throws IOException {
      StringBuilder seen = new StringBuilder();
      for (String line = output.readLine(); line != null; line = output.readLine()) {
        if (line.startsWith("caller ")) {
          callers.add(line.substring("caller ".length()));
        } else if (line.startsWith("ready ")) {
          String[] ids = line.split(" ");
          parser = ids[1];
          idle = ids[2];
          work = ids[3];
          durable = ids[4];
          return;
        }
        seen.append(line).append('\n');
      }
      throw new AssertionError("the target ended before it was ready; it printed:\n" + seen);
    }

    String pid() {
      return String.valueOf(process.pid());
    }

    String folder() throws IOException {
      return durableFolder.toRealPath().toString();
    }

    /** Ends the target's input, which makes it close everything, and returns the rest of what it printed. */
    String stop() throws Exception {
      process.getOutputStream().close();
      StringBuilder rest = new StringBuilder();
      for (String line = output.readLine(); line != null; line = output.readLine()) {
        rest.append(line).append('\n');
      }
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(process.exitValue()).as(rest.toString()).isZero();
      return rest.toString().strip();
    }
  }
}
