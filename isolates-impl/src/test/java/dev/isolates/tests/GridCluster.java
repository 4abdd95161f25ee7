package dev.isolates.tests;

import com.hazelcast.cluster.Address;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.isolates.IsolatedCallable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A real Hazelcast cluster for the grid tests: two members in the test JVM and one in a child JVM, joined over
 * TCP on 127.0.0.1 under a cluster name of their own. One is started for the whole test run, when a test class
 * first asks for it with {@code @ExtendWith(GridCluster.Shared.class)}, and shut down at the end of the run; tests
 * add members of their own ({@link #startChild}), and end them.
 */
final class GridCluster implements AutoCloseable {
  final String name = "isolates-test-" + UUID.randomUUID();
  /** The members in this JVM: the first is where tests submit from. */
  final HazelcastInstance first;
  final HazelcastInstance second;
  final Child child;

  private GridCluster() throws IOException {
    first = Hazelcast.newHazelcastInstance(GridMember.config(name, null, false));
    Process process = startProcess(System.getProperty("java.class.path"));
    second = Hazelcast.newHazelcastInstance(GridMember.config(name, joinAddress(), false));
    child = new Child(process);
    awaitMembers(3);
  }

  /** The address of the first member, {@code host:port}, which others join. */
  String joinAddress() {
    Address address = first.getCluster().getLocalMember().getAddress();
    return address.getHost() + ":" + address.getPort();
  }

  /** Starts another member in a JVM of its own, on the test JVM's class path, and waits until it joined. */
  Child startChild() throws IOException {
    return startChild(System.getProperty("java.class.path"));
  }

  /** Starts another member in a JVM of its own on this class path, and waits until it joined. */
  Child startChild(String classPath) throws IOException {
    int members = first.getCluster().getMembers().size();
    Child started = new Child(startProcess(classPath));
    awaitMembers(members + 1);
    return started;
  }

  /** Waits until the first member sees this many members, by a membership listener. */
  void awaitMembers(int count) {
    Object changed = new Object();
    UUID listener = first.getCluster().addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent event) {
        notifyOf(changed);
      }

      @Override
      public void memberRemoved(MembershipEvent event) {
        notifyOf(changed);
      }
    });
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      synchronized (changed) {
        while (first.getCluster().getMembers().size() != count) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            throw new AssertionError("cluster has " + first.getCluster().getMembers() + ", not " + count + " members");
          }
          TimeUnit.NANOSECONDS.timedWait(changed, left);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for " + count + " members", e);
    } finally {
      first.getCluster().removeMembershipListener(listener);
    }
  }

  private static void notifyOf(Object changed) {
    synchronized (changed) {
      changed.notifyAll();
    }
  }

  private Process startProcess(String classPath) throws IOException {
    return ChildJvm.start(GridMember.class, classPath, name, joinAddress());
  }

  /** Shuts down every member at once, with no data to move between them, and ends the child JVM. */
  @Override
  public void close() {
    first.getCluster().shutdown();
    child.close();
  }

  /** A member in a child JVM. */
  static final class Child implements AutoCloseable {
    final Process process;
    /** As Hazelcast prints it: {@code [127.0.0.1]:5702}. */
    final String address;

    Child(Process process) throws IOException {
      this.process = process;
      this.address = readAddress(process);
    }

    private static String readAddress(Process process) throws IOException {
      StringBuilder seen = new StringBuilder();
      java.io.BufferedReader reader = process.inputReader(StandardCharsets.UTF_8);
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (line.startsWith("member ")) {
          return line.substring("member ".length());
        }
        seen.append(line).append('\n');
      }
      throw new AssertionError("child member ended before it joined; it printed:\n" + seen);
    }

    /** Ends the child's JVM at once, as a crash would: no goodbye to the cluster. */
    void kill() throws InterruptedException {
      process.destroyForcibly().waitFor();
    }

    /** Shuts the member down, as it does when its input ends, and waits for its JVM to end. */
    @Override
    public void close() {
      try {
        process.getOutputStream().close();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor();
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Hands test classes the cluster of the test run, started on first use and shut down at the end of the run. */
  static final class Shared implements ParameterResolver {
    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
      return parameter.getParameter().getType() == GridCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
      return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
          .getOrComputeIfAbsent(GridCluster.class, key -> start(), GridCluster.class);
    }

    private static GridCluster start() {
      try {
        return new GridCluster();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Submits the same task {@code times} times. */
  static <T> List<Future<T>> submitTimes(ExecutorService pool, int times, IsolatedCallable<T> task) {
    List<Future<T>> futures = new ArrayList<>();
    for (int i = 0; i < times; i++) {
      futures.add(pool.submit(task));
    }
    return futures;
  }

  /** The results of futures, in order, each waited for a minute at most. */
  static <T> List<T> results(List<Future<T>> futures) throws Exception {
    List<T> results = new ArrayList<>();
    for (Future<T> future : futures) {
      results.add(future.get(60, TimeUnit.SECONDS));
    }
    return results;
  }
}
