package dev.isolates.examples;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.isolates.IsolateConfig;
import dev.isolates.IsolateQueue;
import dev.isolates.IsolatedCallable;
import dev.isolates.Isolates;
import dev.isolates.hazelcast.HazelcastIsolates;
import java.io.BufferedReader;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Beyond one machine: the parallel example's prime counting as tasks on a Hazelcast cluster of four members, three
 * in this JVM and one in a child JVM, for two tenants. Each tenant is a pool: on every member its tasks run in an
 * isolate of its own, with its own static state (a count of the slices that isolate counted). The results come
 * back over a grid queue, and say which member and isolate counted what.
 */
public final class Grid {
  /** Tasks run in the tenants' isolates, on every member: each isolate has its own copy of this counter. */
  static int slicesCountedHere;

  private static final Pattern ISOLATE_NAME = Pattern.compile("name=([^,\\]]+)");

  private Grid() {}

  /** What one task reports: which slice, how many primes, and where it was counted. */
  record Slice(String tenant, int slice, long primes, long pid, long isolateId, String isolate, int countedHere) {}

  public static void main(String[] args) throws Exception {
    if (args.length == 3 && args[0].equals("member")) {
      runMember(args[1], args[2]);
      return;
    }
    String cluster = "isolates-grid-" + UUID.randomUUID();
    List<HazelcastInstance> members = new ArrayList<>();
    members.add(Hazelcast.newHazelcastInstance(config(cluster, null)));
    String join = address(members.get(0));
    Process child = startChildMember(cluster, join);
    try {
      members.add(Hazelcast.newHazelcastInstance(config(cluster, join)));
      members.add(Hazelcast.newHazelcastInstance(config(cluster, join)));
      String childAddress = readAddress(child);
      long pid = ProcessHandle.current().pid();
      System.out.printf("a cluster of 4 members: %s in this JVM (pid %d), %s in a child JVM (pid %d)%n",
          String.join(", ", members.stream().map(Grid::address).toArray(String[]::new)), pid, childAddress,
          child.pid());
      countOnTheGrid(members.get(0), "tenant-a", 400_000, 8);
      countOnTheGrid(members.get(0), "tenant-b", 200_000, 4);
      System.out.println("(each tenant's isolate on each member counts its slices in a static field of its own)");
      System.out.println("isolates left in this JVM: " + Isolates.listAll().size() + " (main)");
    } finally {
      members.get(0).getCluster().shutdown(); // every member at once, the child's too, with no data to move
      child.getOutputStream().close(); // and the child JVM ends when its input does
      child.waitFor(30, TimeUnit.SECONDS);
    }
  }

  /** Counts the primes below a bound in slices, as tasks of one tenant's pool; results come over a grid queue. */
  private static void countOnTheGrid(HazelcastInstance hz, String tenant, int bound, int slices) throws Exception {
    ExecutorService pool = HazelcastIsolates.pool(hz, tenant, IsolateConfig.defaults());
    IsolateQueue<Slice> results = HazelcastIsolates.queue(hz, tenant + "-results");
    System.out.printf("%n%s: primes below %,d in %d slices, on a pool of the same name%n", tenant, bound, slices);
    List<Future<?>> sent = new ArrayList<>();
    for (int slice = 0; slice < slices; slice++) {
      long[] range = {slice, slices, bound};
      int number = slice;
      // The task captures the queue handle, which travels by name and puts on the member that runs the task.
      sent.add(pool.submit((IsolatedCallable<Void>) () -> {
        results.put(countSlice(tenant, number, range));
        return null;
      }));
    }
    Map<Integer, Slice> bySlice = new TreeMap<>();
    for (int i = 0; i < slices; i++) {
      Slice slice = results.get();
      bySlice.put(slice.slice(), slice);
    }
    long total = 0;
    for (Slice slice : bySlice.values()) {
      System.out.printf("  slice %d: %,7d primes, by isolate %d '%s' in pid %d, its slice #%d there%n",
          slice.slice(), slice.primes(), slice.isolateId(), slice.isolate(), slice.pid(), slice.countedHere());
      total += slice.primes();
    }
    for (Future<?> task : sent) {
      task.get(); // each has put its slice already; a failure would show here
    }
    pool.shutdown();
    pool.awaitTermination(30, TimeUnit.SECONDS);
    System.out.printf("%s: %,d primes over the grid; counted here in one loop: %,d%n", tenant, total,
        Parallel.countPrimes(new long[] {0, 1, bound}));
  }

  /** Inside a tenant's isolate on some member: the parallel example's slice, and where it was counted. */
  static Slice countSlice(String tenant, int number, long[] range) {
    Matcher name = ISOLATE_NAME.matcher(Isolates.current().toString()); // the adapter names it tenant@member
    name.find();
    long primes = Parallel.countPrimes(range);
    return new Slice(tenant, number, primes, ProcessHandle.current().pid(), Isolates.current().id(), name.group(1),
        ++slicesCountedHere);
  }

  /**
   * A member of the demo's cluster, and of the grid benchmarks': joined over TCP on 127.0.0.1 at a free port, quiet,
   * no phone home.
   *
   * @param join the address of a member to join, or null for the first
   */
  public static Config config(String cluster, String join) {
    Config config = new Config().setClusterName(cluster);
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.logging.type", "none");
    config.getNetworkConfig().setPort(0).getInterfaces().setEnabled(true).addInterface("127.0.0.1");
    JoinConfig joining = config.getNetworkConfig().getJoin();
    joining.getMulticastConfig().setEnabled(false);
    joining.getAutoDetectionConfig().setEnabled(false);
    joining.getTcpIpConfig().setEnabled(true).addMember(join == null ? "127.0.0.1" : join);
    return config;
  }

  private static String address(HazelcastInstance member) {
    return member.getCluster().getLocalMember().getAddress().getHost() + ":"
        + member.getCluster().getLocalMember().getAddress().getPort();
  }

  /** Starts this program as a member in a child JVM, with this JVM's class path and flags. */
  private static Process startChildMember(String cluster, String join) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(flag -> flag.startsWith("--add-") || flag.startsWith("--enable-native") || flag.startsWith("--sun-misc"))
        .forEach(command::add);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), Grid.class.getName(), "member", cluster, join));
    return new ProcessBuilder(command).redirectErrorStream(true).start();
  }

  private static String readAddress(Process child) throws IOException {
    BufferedReader reader = child.inputReader(StandardCharsets.UTF_8);
    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
      if (line.startsWith("member ")) {
        return line.substring("member ".length());
      }
    }
    throw new IllegalStateException("the child member ended before it joined");
  }

  /** The child JVM's part: a member that prints its address, and shuts down when its input ends. */
  private static void runMember(String cluster, String join) throws IOException {
    HazelcastInstance member = Hazelcast.newHazelcastInstance(config(cluster, join));
    System.out.println("member " + address(member));
    System.out.flush();
    while (System.in.read() != -1) {
      // until the demo closes our input, or ends
    }
    member.shutdown();
  }
}
