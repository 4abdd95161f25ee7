package dev.isolates.examples.bench;

import dev.isolates.IsolateQueue;
import dev.isolates.Isolates;
import java.util.concurrent.ArrayBlockingQueue;
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
 * What a queue allocates per item beyond the value itself: a put and a poll of a small cached value
 * ({@code Integer} 1, which decoding takes from the JDK's cache), whose bytes per operation JMH's GC profiler
 * reports; next to an {@link ArrayBlockingQueue}'s offer and poll.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class QueueAllocationBenchmarks {
  private static final Integer ONE = 1;

  private IsolateQueue<Integer> queue;
  private final ArrayBlockingQueue<Integer> plain = new ArrayBlockingQueue<>(16);

  @Setup
  public void setUp() {
    queue = Isolates.createQueue();
  }

  @TearDown
  public void tearDown() {
    queue.close();
  }

  @Benchmark
  public Integer putAndPoll() {
    queue.put(ONE);
    return queue.poll();
  }

  @Benchmark
  public Integer arrayBlockingQueueBaseline() {
    plain.offer(ONE);
    return plain.poll();
  }
}
