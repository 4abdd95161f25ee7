package dev.isolates.examples.bench;

import dev.isolates.Isolate;
import dev.isolates.Isolates;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
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
 * Operation 2: a repeated {@code isolate.call(Bench::sum, 10, 2)} into an isolate made beforehand, next to a
 * direct call through a {@link MethodHandle}. A call takes well under a microsecond, close to the cost of
 * reading the clock, so each sample times a batch of {@value #BATCH} calls and reports the time per call.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(CallBenchmarks.BATCH)
@State(Scope.Benchmark)
public class CallBenchmarks {
  /** Calls per timed sample. */
  static final int BATCH = 100;

  /** Fields rather than constants, so that the baseline's sum cannot be folded away by the JIT. */
  private int a = 10;
  private int b = 2;
  private Isolate isolate;
  private MethodHandle sum;

  /** Creates the isolate and makes the first call, which loads Bench in it and resolves the task. */
  @Setup
  public void setUp() throws ReflectiveOperationException {
    isolate = Isolates.create();
    isolate.call(Bench::sum, a, b);
    sum = MethodHandles.lookup().findStatic(Bench.class, "sum",
        MethodType.methodType(int.class, int.class, int.class));
  }

  @TearDown
  public void tearDown() {
    isolate.close();
  }

  /** Operation 2: {@code isolate.call(Bench::sum, 10, 2)}, {@value #BATCH} times. */
  @Benchmark
  public void call(Blackhole blackhole) {
    for (int i = 0; i < BATCH; i++) {
      Integer result = isolate.call(Bench::sum, a, b);
      blackhole.consume(result);
    }
  }

  /** Baseline of operation 2: {@code sum.invokeExact(10, 2)} on the caller's own Bench. */
  @Benchmark
  public void methodHandleBaseline(Blackhole blackhole) throws Throwable {
    for (int i = 0; i < BATCH; i++) {
      blackhole.consume((int) sum.invokeExact(a, b));
    }
  }
}
