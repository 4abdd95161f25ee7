package dev.isolates.examples.bench;

import com.hazelcast.collection.IQueue;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.core.IExecutorService;
import dev.isolates.IsolateConfig;
import dev.isolates.IsolatePoolExecutor;
import dev.isolates.IsolateQueue;
import dev.isolates.IsolatedCallable;
import dev.isolates.hazelcast.HazelcastIsolates;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Operation 10: the grid. A grid pool's tasks, submitted from a lite member in the benchmark's JVM to data members
 * in one or two child JVMs, beside an {@link IsolatePoolExecutor} of two workers in one JVM: trivial tasks, and
 * CPU-bound ones (the primes below 200,000); one trivial task's round trip beside Hazelcast's own
 * executor; and an item's round trip over two grid queues to an echo task on a member and back, beside the same
 * over Hazelcast's raw {@code IQueue} of {@code byte[]}.
 */
public class GridBenchmarks {
  /** Trivial tasks per invocation, submitted together, then awaited. */
  static final int TRIVIAL_TASKS = 1_000;
  /** CPU-bound tasks per invocation. */
  static final int PRIME_TASKS = 8;

  /** Operation 10: one trivial task, {@code submit(task).get()}, to the one member. */
  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public Integer taskRoundTrip(OneMember grid) throws InterruptedException, ExecutionException {
    return grid.pool.submit(GridBenchTasks.ONE).get();
  }

  /** Baseline of operation 10: the same task through Hazelcast's own executor, {@code submitToMember(task).get()}. */
  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public Integer rawTaskRoundTripBaseline(OneMember grid) throws InterruptedException, ExecutionException {
    return grid.rawExecutor.submitToMember(GridBenchTasks.RAW_ONE, grid.cluster.members.get(0)).get();
  }

  /** Operation 10a: trivial tasks per second, one member JVM. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OperationsPerInvocation(TRIVIAL_TASKS)
  public long trivialOneMember(OneMember grid) throws InterruptedException, ExecutionException {
    return runAll(grid.pool, GridBenchTasks.ONE, TRIVIAL_TASKS);
  }

  /** Operation 10b: trivial tasks per second, two member JVMs. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OperationsPerInvocation(TRIVIAL_TASKS)
  public long trivialTwoMembers(TwoMembers grid) throws InterruptedException, ExecutionException {
    return runAll(grid.pool, GridBenchTasks.ONE, TRIVIAL_TASKS);
  }

  /** Baseline of operations 10a and 10b: the same tasks on {@code new IsolatePoolExecutor(2)}. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OperationsPerInvocation(TRIVIAL_TASKS)
  public long trivialLocalBaseline(LocalPool local) throws InterruptedException, ExecutionException {
    return runAll(local.pool, GridBenchTasks.ONE, TRIVIAL_TASKS);
  }

  /** Operation 10c: CPU-bound tasks per second, one member JVM. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OperationsPerInvocation(PRIME_TASKS)
  public long primesOneMember(OneMember grid) throws InterruptedException, ExecutionException {
    return runAll(grid.pool, GridBenchTasks.PRIMES, PRIME_TASKS);
  }

  /** Operation 10d: CPU-bound tasks per second, two member JVMs. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OperationsPerInvocation(PRIME_TASKS)
  public long primesTwoMembers(TwoMembers grid) throws InterruptedException, ExecutionException {
    return runAll(grid.pool, GridBenchTasks.PRIMES, PRIME_TASKS);
  }

  /** Baseline of operations 10c and 10d: the same tasks on {@code new IsolatePoolExecutor(2)}. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OperationsPerInvocation(PRIME_TASKS)
  public long primesLocalBaseline(LocalPool local) throws InterruptedException, ExecutionException {
    return runAll(local.pool, GridBenchTasks.PRIMES, PRIME_TASKS);
  }

  /** Operation 10e: {@code ping.put(1); pong.get()} over grid queues, answered by an echo task on the member. */
  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public Integer queueRoundTrip(QueueEcho echo) {
    echo.ping.put(1);
    return echo.pong.get();
  }

  /** Baseline of operation 10e: the same over Hazelcast's raw {@code IQueue}s of {@code byte[]}. */
  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public byte[] rawQueueRoundTripBaseline(RawQueueEcho echo) throws InterruptedException {
    echo.ping.put(RawEcho.ITEM);
    return echo.pong.take();
  }

  private static long runAll(ExecutorService pool, IsolatedCallable<Integer> task, int count)
      throws InterruptedException, ExecutionException {
    List<Future<Integer>> results = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      results.add(pool.submit(task));
    }
    long sum = 0;
    for (Future<Integer> result : results) {
      sum += result.get();
    }
    return sum;
  }

  /** A grid pool whose members have made its isolate, with a cluster of one member JVM. */
  @State(Scope.Benchmark)
  public static class OneMember {
    GridCluster cluster;
    ExecutorService pool;
    IExecutorService rawExecutor;

    int memberJvms() {
      return 1;
    }

    @Setup
    public void setUp() throws IOException, InterruptedException, ExecutionException {
      cluster = new GridCluster(memberJvms());
      pool = HazelcastIsolates.pool(cluster.local, "bench", IsolateConfig.defaults());
      rawExecutor = cluster.local.getExecutorService("bench-raw");
      runAll(pool, GridBenchTasks.ONE, TRIVIAL_TASKS);
    }

    @TearDown
    public void tearDown() throws InterruptedException, IOException {
      pool.shutdown();
      pool.awaitTermination(1, TimeUnit.MINUTES);
      cluster.close();
    }
  }

  /** Like {@link OneMember}, with two member JVMs. */
  @State(Scope.Benchmark)
  public static class TwoMembers extends OneMember {
    @Override
    int memberJvms() {
      return 2;
    }
  }

  /** The local pool of the baselines. */
  @State(Scope.Benchmark)
  public static class LocalPool {
    IsolatePoolExecutor pool;

    @Setup
    public void setUp() throws InterruptedException, ExecutionException {
      pool = new IsolatePoolExecutor(2);
      runAll(pool, GridBenchTasks.ONE, TRIVIAL_TASKS);
    }

    @TearDown
    public void tearDown() {
      pool.close();
    }
  }

  /** Two grid queues, and a task on the one member that echoes each item of the first onto the second. */
  @State(Scope.Benchmark)
  public static class QueueEcho {
    GridCluster cluster;
    ExecutorService pool;
    IsolateQueue<Integer> ping;
    IsolateQueue<Integer> pong;
    Future<?> echo;

    @Setup
    public void setUp() throws IOException {
      cluster = new GridCluster(1);
      pool = HazelcastIsolates.pool(cluster.local, "echo", IsolateConfig.defaults());
      ping = HazelcastIsolates.queue(cluster.local, "ping-" + UUID.randomUUID());
      pong = HazelcastIsolates.queue(cluster.local, "pong-" + UUID.randomUUID());
      echo = pool.submit(GridBenchTasks.echo(ping, pong));
    }

    @TearDown
    public void tearDown() throws InterruptedException, IOException, ExecutionException {
      ping.put(QueueTasks.STOP);
      pong.get();
      echo.get();
      pool.shutdown();
      pool.awaitTermination(1, TimeUnit.MINUTES);
      cluster.close();
    }
  }

  /** The same as {@link QueueEcho} with Hazelcast alone: raw queues of byte[], echoed by a raw executor task. */
  @State(Scope.Benchmark)
  public static class RawQueueEcho {
    GridCluster cluster;
    IQueue<byte[]> ping;
    IQueue<byte[]> pong;
    Future<?> echo;

    @Setup
    public void setUp() throws IOException {
      cluster = new GridCluster(1);
      RawEcho task = new RawEcho("ping-" + UUID.randomUUID(), "pong-" + UUID.randomUUID());
      ping = cluster.local.getQueue(task.ping);
      pong = cluster.local.getQueue(task.pong);
      echo = cluster.local.getExecutorService("echo-raw").submitToMember(task, cluster.members.get(0));
    }

    @TearDown
    public void tearDown() throws InterruptedException, IOException, ExecutionException {
      ping.put(RawEcho.STOP);
      pong.take();
      echo.get();
      cluster.close();
    }
  }

  /** Echoes each item of one raw queue onto another, on the member it is sent to, until {@link #STOP}. */
  static final class RawEcho implements Callable<Void>, Serializable, HazelcastInstanceAware {
    private static final long serialVersionUID = 1L;
    /** The size of our encoding of the item the grid queue round trip sends, the integer 1. */
    static final byte[] ITEM = new byte[5];
    static final byte[] STOP = new byte[0];

    final String ping;
    final String pong;
    private transient HazelcastInstance member;

    RawEcho(String ping, String pong) {
      this.ping = ping;
      this.pong = pong;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance member) {
      this.member = member;
    }

    @Override
    public Void call() throws InterruptedException {
      IQueue<byte[]> in = member.getQueue(ping);
      IQueue<byte[]> out = member.getQueue(pong);
      byte[] item;
      do {
        item = in.take();
        out.put(item);
      } while (item.length != 0);
      return null;
    }
  }
}
