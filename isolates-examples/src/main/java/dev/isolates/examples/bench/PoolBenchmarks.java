package dev.isolates.examples.bench;

import dev.isolates.IsolatePoolExecutor;
import dev.isolates.IsolatedCallable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
 * Operation 6: trivial tasks per second through a pool of two workers, submitting {@value #TASKS} tasks and
 * waiting for all of them; next to a plain fixed thread pool of the same size running the same tasks.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(PoolBenchmarks.TASKS)
public class PoolBenchmarks {
  /** Tasks per invocation: rounds of a hundred thousand, so that the pool's queue fills as a busy host's does. */
  static final int TASKS = 100_000;
  /** Workers in each pool, as in Python's {@code InterpreterPoolExecutor(2)}. */
  static final int WORKERS = 2;
  /** The task: returns 1, inside a worker's isolate for ours. */
  static final IsolatedCallable<Integer> TASK = Bench::one;

  /** Operation 6: {@code new IsolatePoolExecutor(2)}. */
  @Benchmark
  public long isolatePool(IsolatePool state) throws InterruptedException, ExecutionException {
    return runAll(state.pool);
  }

  /** Baseline of operation 6: {@code Executors.newFixedThreadPool(2)}. */
  @Benchmark
  public long threadPoolBaseline(ThreadPool state) throws InterruptedException, ExecutionException {
    return runAll(state.pool);
  }

  /** Operation 6b: tasks that capture a value, {@code () -> Bench.twice(i)}, as most real tasks do. */
  @Benchmark
  public long isolatePoolCapturing(IsolatePool state) throws InterruptedException, ExecutionException {
    return runAllCapturing(state.pool);
  }

  /** Baseline of operation 6b: the same tasks on {@code Executors.newFixedThreadPool(2)}. */
  @Benchmark
  public long threadPoolCapturingBaseline(ThreadPool state) throws InterruptedException, ExecutionException {
    return runAllCapturing(state.pool);
  }

  private static long runAllCapturing(ExecutorService pool) throws InterruptedException, ExecutionException {
    List<Future<Integer>> results = new ArrayList<>(TASKS);
    for (int i = 0; i < TASKS; i++) {
      int value = i;
      results.add(pool.submit((IsolatedCallable<Integer>) () -> Bench.twice(value)));
    }
    return sum(results);
  }

  private static long sum(List<Future<Integer>> results) throws InterruptedException, ExecutionException {
    long sum = 0;
    for (Future<Integer> result : results) {
      sum += result.get();
    }
    return sum;
  }

  private static long runAll(ExecutorService pool) throws InterruptedException, ExecutionException {
    List<Future<Integer>> results = new ArrayList<>(TASKS);
    for (int i = 0; i < TASKS; i++) {
      results.add(pool.submit(TASK));
    }
    return sum(results);
  }

  /** An isolate pool whose workers have started, so that set-up is not measured. */
  @State(Scope.Benchmark)
  public static class IsolatePool {
    IsolatePoolExecutor pool;

    @Setup
    public void setUp() throws InterruptedException, ExecutionException {
      pool = new IsolatePoolExecutor(WORKERS);
      runAll(pool);
    }

    @TearDown
    public void tearDown() {
      pool.close();
    }
  }

  /** The plain pool of the baseline. */
  @State(Scope.Benchmark)
  public static class ThreadPool {
    ExecutorService pool;

    @Setup
    public void setUp() {
      pool = Executors.newFixedThreadPool(WORKERS);
    }

    @TearDown
    public void tearDown() throws InterruptedException {
      pool.shutdown();
      pool.awaitTermination(1, TimeUnit.MINUTES);
    }
  }
}
