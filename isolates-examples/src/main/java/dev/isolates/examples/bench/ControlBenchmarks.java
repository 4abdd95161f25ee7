package dev.isolates.examples.bench;

import dev.isolates.Isolate;
import dev.isolates.IsolateConfig;
import dev.isolates.Isolates;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * What control costs code that never uses it: a CPU-bound loop with calls and branches, run inside an isolate
 * (whose class loader added a cancellation check at the loop's back-edge) next to the same loop in main; and a
 * repeated call into an isolate with {@code accounting(true)}, whose baseline is the plain call of
 * {@link CallBenchmarks}; and a parallel stream inside an isolate, in the isolate's own fork/join pool, next to the
 * same stream in main on the JVM's common pool.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class ControlBenchmarks {
  /** Loop iterations per call: enough that the call itself is lost in the loop's time. */
  static final int ITERATIONS = 100_000;
  /** Elements of the parallel stream: about a millisecond of work, split over the cores. */
  static final int STREAM_ELEMENTS = 2_000_000;

  private int iterations = ITERATIONS;
  private int elements = STREAM_ELEMENTS;
  private int a = 10;
  private int b = 2;
  private Isolate isolate;
  private Isolate accounted;

  @Setup
  public void setUp() {
    isolate = Isolates.create();
    accounted = Isolates.create(IsolateConfig.builder().accounting(true).build());
    isolate.call(Bench::work, iterations);
    isolate.call(Bench::parallelWork, elements);
    accounted.call(Bench::sum, a, b);
  }

  @TearDown
  public void tearDown() {
    isolate.close();
    accounted.close();
  }

  /** The loop inside an isolate, with the checks its loader added. */
  @Benchmark
  public long loopInIsolate() {
    return isolate.call(Bench::work, iterations);
  }

  /** Baseline: the same loop in main, as compiled. */
  @Benchmark
  public long loopInMain() {
    return Bench.work(iterations);
  }

  /** A parallel stream inside an isolate, which runs it in the isolate's own fork/join pool. */
  @Benchmark
  public long parallelStreamInIsolate() {
    return isolate.call(Bench::parallelWork, elements);
  }

  /** Baseline: the same parallel stream in main, on the JVM's common pool. */
  @Benchmark
  public long parallelStreamInMain() {
    return Bench.parallelWork(elements);
  }

  /** {@code call(Bench::sum, 10, 2)} into an accounted isolate, {@value CallBenchmarks#BATCH} times. */
  @Benchmark
  @OperationsPerInvocation(CallBenchmarks.BATCH)
  public void accountedCall(Blackhole blackhole) {
    for (int i = 0; i < CallBenchmarks.BATCH; i++) {
      blackhole.consume(accounted.call(Bench::sum, a, b));
    }
  }
}
