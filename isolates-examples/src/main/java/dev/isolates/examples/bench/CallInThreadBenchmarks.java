package dev.isolates.examples.bench;

import dev.isolates.Isolate;
import dev.isolates.IsolateQueue;
import dev.isolates.Isolates;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Operation 3: start a thread inside an isolate that computes and puts its result on a queue, and take the
 * result in the benchmark thread; next to a plain new thread that puts into an {@link ArrayBlockingQueue}.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CallInThreadBenchmarks {

  /** Operation 3: {@code callInThread(Bench::addAndPut, queue, 10, 2)}, then {@code queue.get()}. */
  @Benchmark
  public Integer callInThread(IsolateAndQueue state) {
    state.isolate.callInThread(Bench::addAndPut, state.results, 10, 2);
    return state.results.get();
  }

  /** Baseline of operation 3: a new thread puts the sum into an {@link ArrayBlockingQueue}, then take. */
  @Benchmark
  public Integer threadBaseline(PlainQueue state) throws InterruptedException {
    BlockingQueue<Integer> results = state.results;
    new Thread(() -> putSum(results, 10, 2)).start();
    return results.take();
  }

  private static void putSum(BlockingQueue<Integer> results, int a, int b) {
    try {
      results.put(a + b);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** An isolate and the queue its threads answer on. */
  @State(Scope.Benchmark)
  public static class IsolateAndQueue {
    Isolate isolate;
    IsolateQueue<Integer> results;

    @Setup
    public void setUp() {
      isolate = Isolates.create();
      results = Isolates.createQueue();
    }

    /** The last thread may still be leaving the isolate after its put, so closing waits for it. */
    @TearDown
    public void tearDown() throws InterruptedException {
      Cleanup.closeWhenIdle(isolate);
      results.close();
    }
  }

  /** The baseline's queue. */
  @State(Scope.Benchmark)
  public static class PlainQueue {
    final BlockingQueue<Integer> results = new ArrayBlockingQueue<>(16);
  }
}
