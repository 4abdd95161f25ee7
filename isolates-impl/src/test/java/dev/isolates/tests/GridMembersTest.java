package dev.isolates.tests;

import static dev.isolates.tests.GridCluster.results;
import static dev.isolates.tests.GridCluster.submitTimes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.isolates.IsolateConfig;
import dev.isolates.IsolateException;
import dev.isolates.IsolateQueue;
import dev.isolates.hazelcast.HazelcastIsolates;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Members that differ from the submitter, or go away: a member without the tasks' classes, one with another build
 * of a lambda's class, one that crashes. Each joins the test run's cluster as its fourth member, so the fourth task
 * of a pool goes to it.
 */
@ExtendWith(GridCluster.Shared.class)
class GridMembersTest {
  private static GridCluster cluster;

  @BeforeAll
  static void joinCluster(GridCluster shared) {
    cluster = shared;
  }

  @Test
  void aMemberWithoutTheTasksClasses_failsTheTask_namingItselfAndTheClass(@TempDir Path dir) throws Exception {
    Path built = Files.createDirectories(dir.resolve("member-build"));
    compile(built, "public static Callable<String> task(int x) {"
        + " return (Callable<String> & Serializable) () -> \"b\" + x; }");
    Path submitterBuild = Files.createDirectories(dir.resolve("submitter-build"));
    compile(submitterBuild, "public static Callable<String> task() { return (Callable<String> & Serializable) () -> \"a\"; }");
    ExecutorService pool = HazelcastIsolates.pool(cluster.first, "strangers", IsolateConfig.defaults());
    try (GridCluster.Child stranger = cluster.startChild(classPathWithoutTests(dir, built));
        URLClassLoader submitter = new URLClassLoader(new URL[] {submitterBuild.toUri().toURL()},
            GridMembersTest.class.getClassLoader());
        Stopping stopping = new Stopping(pool)) {
      List<Future<Integer>> counts = submitTimes(pool, 4, GridTasks::count);
      for (int i = 0; i < 3; i++) {
        assertThat(counts.get(i).get()).isEqualTo(1);
      }
      assertThatThrownBy(() -> counts.get(3).get()).isInstanceOf(ExecutionException.class)
          .cause().isInstanceOf(IsolateException.class)
          .hasMessage("member " + stranger.address + " cannot load class " + GridMembersTest.class.getName()
              + " of task 4 of pool 'strangers': it must be on the member's class path, as every class a task uses"
              + " must be on every member that runs it");

      @SuppressWarnings("unchecked")
      Callable<String> otherBuild = (Callable<String>) submitter.loadClass("dev.isolates.versioned.Pricing")
          .getMethod("task").invoke(null);
      List<Future<String>> priced = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        priced.add(pool.submit(otherBuild));
      }
      assertThatThrownBy(() -> priced.get(0).get()).cause().hasMessageContaining(
          "cannot load class dev.isolates.versioned.Pricing of task 5 of pool 'strangers'");
      assertThatThrownBy(() -> priced.get(3).get()).isInstanceOf(ExecutionException.class)
          .cause().isInstanceOf(IsolateException.class)
          .hasMessage("member " + stranger.address + " cannot rebuild the lambda of task 8 of pool 'strangers'"
              + " (Invalid lambda deserialization): its class dev.isolates.versioned.Pricing is not the one that"
              + " made the lambda; give every member the same build of that class as the submitter");
    }
    cluster.awaitMembers(3);
  }

  @Test
  void aMemberThatCrashes_failsItsRunningTasksNamingItself_andTheQueuesItemsSurvive() throws Exception {
    ExecutorService pool = HazelcastIsolates.pool(cluster.first, "crash", IsolateConfig.defaults());
    IsolateQueue<String> started = queue();
    IsolateQueue<String> go = queue();
    IsolateQueue<Integer> kept = queue();
    try (GridCluster.Child crashing = cluster.startChild(); Stopping stopping = new Stopping(pool)) {
      for (int i = 0; i < 100; i++) {
        kept.put(i);
      }
      List<Future<String>> waiting = submitTimes(pool, 4, () -> GridTasks.await(started, go));
      for (int i = 0; i < 4; i++) {
        started.get(Duration.ofSeconds(30));
      }
      crashing.kill();
      assertThatThrownBy(() -> waiting.get(3).get()).isInstanceOf(ExecutionException.class)
          .cause().isInstanceOf(IsolateException.class)
          .hasMessage("member " + crashing.address + " left the cluster while it ran task 4 of pool 'crash'; the"
              + " task may have run in part, and was not run again elsewhere");
      cluster.awaitMembers(3);
      assertThat(results(submitTimes(pool, 3, GridTasks::count))).containsExactly(1, 1, 1);
      for (int i = 0; i < 3; i++) {
        go.put("go");
      }
      assertThat(results(waiting.subList(0, 3))).containsExactly("go 2", "go 2", "go 2");
      List<Integer> items = new ArrayList<>();
      for (Integer item = kept.poll(); item != null; item = kept.poll()) {
        items.add(item);
      }
      assertThat(items).hasSize(100).isSorted();
    }
  }

  /** Stops a pool at the end of a test, whatever happened in it, so that a failure leaves no isolate behind. */
  private static final class Stopping implements AutoCloseable {
    private final ExecutorService pool;

    Stopping(ExecutorService pool) {
      this.pool = pool;
    }

    @Override
    public void close() throws InterruptedException {
      pool.shutdownNow();
      assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).as("terminated: %s", pool).isTrue();
    }
  }

  /** Compiles a class {@code dev.isolates.versioned.Pricing} with this body into a folder. */
  private static void compile(Path folder, String body) throws IOException {
    Path source = Files.createDirectories(folder.resolve("src")).resolve("Pricing.java");
    Files.writeString(source, "package dev.isolates.versioned;\nimport java.io.Serializable;\n"
        + "import java.util.concurrent.Callable;\npublic class Pricing {\n" + body + "\n}\n");
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    assertThat(javac.run(null, null, null, "-d", folder.toString(), source.toString())).isZero();
  }

  /**
   * This JVM's class path without the tests' classes, plus {@link GridMember} alone (copied, as it uses nothing
   * else of the tests) and the given folder.
   */
  private static String classPathWithoutTests(Path dir, Path extra) throws IOException {
    Path member = Files.createDirectories(dir.resolve("member/dev/isolates/tests")).resolve("GridMember.class");
    try (InputStream bytes = GridMember.class.getResourceAsStream("GridMember.class")) {
      Files.copy(bytes, member);
    }
    List<String> entries = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(entry -> !entry.endsWith("test-classes")).collect(Collectors.toCollection(ArrayList::new));
    entries.add(dir.resolve("member").toString());
    entries.add(extra.toString());
    return String.join(File.pathSeparator, entries);
  }

  private static <T> IsolateQueue<T> queue() {
    return HazelcastIsolates.queue(cluster.first, "test-" + UUID.randomUUID());
  }
}
