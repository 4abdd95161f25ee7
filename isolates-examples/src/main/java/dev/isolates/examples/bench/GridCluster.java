package dev.isolates.examples.bench;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.isolates.examples.Grid;
import java.io.BufferedReader;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The cluster of the grid benchmarks: a lite member in the benchmark's JVM, which submits and holds no data, and
 * data members in child JVMs of their own, which run the tasks and hold the queues. Joined over TCP on 127.0.0.1,
 * quiet, no phone home. A child is this class's {@link #main}, which shuts its member down when its input ends.
 */
final class GridCluster implements AutoCloseable {
  /** The lite member in this JVM. */
  final HazelcastInstance local;
  /** The data members, in the order they joined. */
  final List<Member> members = new ArrayList<>();
  private final List<Process> children = new ArrayList<>();

  GridCluster(int memberJvms) throws IOException {
    String name = "isolates-bench-" + UUID.randomUUID();
    local = Hazelcast.newHazelcastInstance(Grid.config(name, null).setLiteMember(true));
    String join = local.getCluster().getLocalMember().getAddress().getHost() + ":"
        + local.getCluster().getLocalMember().getAddress().getPort();
    for (int i = 0; i < memberJvms; i++) {
      children.add(startChild(name, join));
    }
    for (Process child : children) {
      awaitJoined(child);
    }
    for (Member member : local.getCluster().getMembers()) {
      if (!member.isLiteMember()) {
        members.add(member);
      }
    }
  }

  /** Shuts down every member at once, with no data to move between them, and ends the child JVMs. */
  @Override
  public void close() throws InterruptedException, IOException {
    local.getCluster().shutdown();
    for (Process child : children) {
      child.getOutputStream().close();
    }
    for (Process child : children) {
      if (!child.waitFor(30, TimeUnit.SECONDS)) {
        child.destroyForcibly();
      }
    }
  }

  /** A child member: arguments are the cluster's name and the address to join. */
  public static void main(String[] args) throws IOException {
    HazelcastInstance member = Hazelcast.newHazelcastInstance(Grid.config(args[0], args[1]));
    System.out.println("joined");
    System.out.flush();
    while (System.in.read() != -1) {
      // until the benchmark closes our input, or ends
    }
    member.shutdown();
  }

  /** Starts a child member with this JVM's class path and access flags. */
  private static Process startChild(String cluster, String join) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(flag -> flag.startsWith("--add-") || flag.startsWith("--enable-native") || flag.startsWith("--sun-misc"))
        .forEach(command::add);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), GridCluster.class.getName(), cluster, join));
    return new ProcessBuilder(command).redirectErrorStream(true).start();
  }

  private static void awaitJoined(Process child) throws IOException {
    BufferedReader reader = child.inputReader(StandardCharsets.UTF_8);
    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
      if (line.equals("joined")) {
        return;
      }
    }
    throw new IllegalStateException("a child member ended before it joined");
  }
}
