package dev.isolates.examples.bench;

import dev.isolates.IsolateQueue;
import dev.isolates.Isolates;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Whether a queue gets dearer to create as more are live: a queue's whole life ({@code createQueue}, put, get,
 * close) with 10 and with 5,000 other queues live, each holding an item, as a host with many tenants has.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class QueueScaleBenchmarks {
  @Param({"10", "5000"})
  int liveQueues;

  private final List<IsolateQueue<Integer>> live = new ArrayList<>();

  @Setup
  public void setUp() {
    for (int i = 0; i < liveQueues; i++) {
      IsolateQueue<Integer> queue = Isolates.createQueue();
      queue.put(i);
      live.add(queue);
    }
  }

  @TearDown
  public void tearDown() {
    live.forEach(IsolateQueue::close);
    live.clear();
  }

  @Benchmark
  public Integer createPutGetClose() {
    return LifecycleBenchmarks.queueLife();
  }
}
