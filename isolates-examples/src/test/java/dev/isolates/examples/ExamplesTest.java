package dev.isolates.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.isolates.Isolates;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs each example as the demo command does and checks what it prints. */
class ExamplesTest {

  @AfterEach
  void everyIsolateIsClosed() {
    assertThat(Isolates.listAll()).containsExactly(Isolates.main());
  }

  @Test
  void quickstart_computesTwelveTwice() throws Exception {
    assertThat(run("quickstart"))
        .contains("interp1.call(sum, 10, 2) = 12")
        .contains("callInThread(add, queue, 10, 2), then queue.get() = 12")
        .containsPattern("that thread was isolate-\\d+-thread-1");
  }

  @Test
  void staticState_isSeparatePerIsolate_andMainsIsUntouched() throws Exception {
    String output = run("static-state");
    assertThat(output).containsPattern("holds \\[tenant1-1\\], registrations=1")
        .containsPattern("holds \\[tenant2-1, tenant2-2\\], registrations=2")
        .containsPattern("holds \\[tenant3-1, tenant3-2, tenant3-3\\], registrations=3")
        .containsPattern("main: +singleton@\\w+ holds \\[\\], registrations=0");
  }

  @Test
  void twoVersions_runSideBySide_withTheirOwnBehaviour() throws Exception {
    assertThat(run("two-versions"))
        .contains("commons-codec 1.4 encodes 'isolates' as \"aXNvbGF0ZXM=\\r\\n\"")
        .contains("commons-codec 1.17.1 encodes 'isolates' as \"aXNvbGF0ZXM=\"");
  }

  @Test
  void parallel_countsTheSamePrimesWithEveryWorkerCount() throws Exception {
    String output = capture(ignored -> Parallel.main(new String[] {"200000"}));
    assertThat(output).contains("primes below 200,000: 17,984 (the same count in every round: true)")
        .containsPattern("1 worker: +[\\d,]+, [\\d,]+, [\\d,]+ ms \\(best [\\d,]+ ms\\)")
        .containsPattern("speed-up: +\\d+\\.\\d\\dx on \\d+ cores \\(best round of 3 against best round");
  }

  @Test
  void pipeline_deliversEveryJob_andEndsCleanly() throws Exception {
    assertThat(run("pipeline"))
        .contains("sum of squares: 2686700 (expected 2686700)")
        .containsPattern("the producer found it full \\d+ times")
        .contains("isolates left: 1 (main)");
  }

  @Test
  void failures_printMessagesAUserCanActOn() throws Exception {
    assertThat(run("failures"))
        .contains("java.lang.NumberFormatException: For input string: \"eighty\"")
        .contains("Uncaught in the isolate:")
        .contains("the isolate is still usable: parsePort(\"80\") = 80")
        .contains("argument 1 (java.net.Socket) is not shareable")
        .containsPattern("isolate \\d+ cannot be closed while running: 1 thread\\(s\\) execute inside it");
  }

  @Test
  void runaway_isCancelled_timedOut_accounted_andTerminated() throws Exception {
    assertThat(run("runaway"))
        .contains("well-behaved plugin: answer(21) = 42")
        .containsPattern("cancel\\(5 s\\) returned true after [\\d.]+ ms")
        .containsPattern("reason CANCEL, at isolate-\\d+//dev.isolates.examples.Runaway.spin")
        .contains("the runaway isolate is still usable: answer(1) = 2")
        .containsPattern("reason CALL_TIMEOUT, at isolate-\\d+//dev.isolates.examples.Runaway.spin")
        .containsPattern("usage of well-behaved: calls=2, failed=0, classes=\\d+, cpu=\\d+ ms, allocated=\\d+ KiB")
        .contains("usage of runaway:      calls=3, failed=2")
        .contains("terminate(5 s): runaway isolate closed = true")
        .contains("isolates left: 1 (main)");
  }

  @Test
  void legacyJdbc_givesEachTenantItsOwnDatabase_andClosesBothCleanly() throws Exception {
    assertThat(run("legacy-jdbc"))
        .containsPattern("tenant-a: driver org.h2.Driver from IsolateClassLoader\\[isolate-\\d+, \\d+ class path entries\\]")
        .contains("tenant-a ordered twice: its 'orders' holds 2 rows")
        .contains("tenant-b ordered once:  its 'orders' holds 1 row")
        .contains("thread(s) its code started are alive: 'tenant-a-audit'")
        .containsPattern("tenant-a's shutdown hook ran, inside Isolate\\[id=\\d+, name=tenant-a")
        .containsPattern("tenant-b's shutdown hook ran, inside Isolate\\[id=\\d+, name=tenant-b")
        .contains("isolates left: 1 (main)");
  }

  @Test
  void inspect_seesItsOwnIsolatesAndQueue_fromAChildProcess() throws Exception {
    assertThat(run("inspect"))
        .containsPattern("(?m)^\\d+ +frontend +API +yes +1 ")
        .containsPattern("(?m)^\\d+ +billing +API +yes +1 ")
        .containsPattern("\"isolate-\\d+-frontend-thread-1\" [A-Z_]+\n")
        .contains("at dev.isolates.examples.Inspect.takeOrders(Inspect.java:")
        .containsPattern("(?m)^\\d+ +\\d+ +100 +no +-$")
        .containsPattern("does not allow remote exec: start it with -Disolates.remoteExec=true.*\n\\(exit status 1\\)")
        .containsPattern("at run time, still refused.*\n\n.*\nisolates: JVM \\d+ does not allow remote exec.*\n"
            + "\\(exit status 1\\)")
        .doesNotContainPattern("(?m)^billed \\d+ orders$");
    assertThat(System.getProperty("isolates.remoteExec")).as("the example restores the property").isNull();
  }

  @Test
  void grid_countsPrimesForTwoTenants_onMembersInTwoJvms() throws Exception {
    String output = run("grid");
    assertThat(output)
        .containsPattern("a cluster of 4 members: [\\d.:]+, [\\d.:]+, [\\d.:]+ in this JVM \\(pid \\d+\\), [\\d.:]+ in a"
            + " child JVM \\(pid \\d+\\)")
        .containsPattern("slice 3: +[\\d,]+ primes, by isolate \\d+ 'tenant-a@[\\d.:]+' in pid \\d+, its slice #\\d there")
        .contains("tenant-a: 33,860 primes over the grid; counted here in one loop: 33,860")
        .contains("tenant-b: 17,984 primes over the grid; counted here in one loop: 17,984")
        .containsPattern("slice 3: +[\\d,]+ primes, by isolate \\d+ 'tenant-b@[\\d.:]+' in pid \\d+, its slice #1 there")
        .contains("isolates left in this JVM: 1 (main)");
    assertThat(output.lines().filter(line -> line.matches(".* in pid " + ProcessHandle.current().pid() + ",.*")))
        .as("slices counted in this JVM").hasSize(9);
  }

  @Test
  void demos_runsOneExampleByName_afterAHeading() throws Exception {
    assertThat(run("quickstart")).startsWith(System.lineSeparator() + "== quickstart ==");
  }

  @Test
  void anUnknownExample_isOneLineNamingTheChoices_andStatus2(@TempDir Path folder) throws Exception {
    Path output = folder.resolve("output.txt");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process demos = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Demos.class.getName(),
        "no-such-example").redirectErrorStream(true).redirectOutput(output.toFile()).start();
    assertThat(demos.waitFor(60, TimeUnit.SECONDS)).as("the child JVM ended").isTrue();
    // Status 2 is one the demo profile accepts, so that Maven adds no stack trace of its own to this line.
    assertThat(demos.exitValue()).isEqualTo(2);
    assertThat(Files.readAllLines(output)).containsExactly("unknown example 'no-such-example'; choose one of"
        + " [quickstart, static-state, two-versions, parallel, pipeline, failures, runaway, legacy-jdbc, inspect,"
        + " grid]");
  }

  private static String run(String example) throws Exception {
    return capture(ignored -> Demos.main(new String[] {example}));
  }

  private static String capture(Demos.Example example) throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    System.setOut(new PrintStream(output, true, StandardCharsets.UTF_8));
    try {
      example.main(new String[0]);
    } finally {
      System.setOut(original);
    }
    return output.toString(StandardCharsets.UTF_8);
  }
}
