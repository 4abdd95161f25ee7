package dev.isolates.examples.bench;

import dev.isolates.Isolate;
import dev.isolates.IsolateQueue;
import dev.isolates.Isolates;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Operation 4: how many items per second one producer hands to one consumer, for 16-byte and 1 KiB byte
 * arrays. Each invocation moves {@value #ITEMS} items from a producer thread to a consumer thread, started
 * afresh, and the score is items per second. Ours runs both threads in isolates ({@code callInThread}); the
 * baselines use plain threads over an {@link ArrayBlockingQueue} and over a raw Chronicle queue.
 *
 * <p>Queues are made anew for each iteration, so that files do not grow through the whole run: 1 KiB items at
 * a million a second write a gigabyte a second.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(QueueThroughputBenchmarks.ITEMS)
@State(Scope.Benchmark)
public class QueueThroughputBenchmarks {
  /** Items per invocation: enough that starting the two threads is lost in the noise. */
  static final int ITEMS = 100_000;
  /** The ArrayBlockingQueue's capacity: large, since the isolate queue it stands beside is unbounded. */
  static final int PLAIN_CAPACITY = 1 << 16;

  @Param({"16", "1024"})
  int itemBytes;

  /** Operation 4: a producer isolate puts {@value #ITEMS} items, a consumer isolate gets them. */
  @Benchmark
  public void isolateQueue(ProducerConsumer state) throws InterruptedException {
    IsolateQueue<byte[]> queue = state.queue;
    Thread consumer = state.consumer.callInThread(QueueTasks::consume, queue, ITEMS);
    Thread producer = state.producer.callInThread(QueueTasks::produce, queue, itemBytes, ITEMS);
    producer.join();
    consumer.join();
  }

  /** Baseline of operation 4: two plain threads over an {@link ArrayBlockingQueue}. */
  @Benchmark
  public void arrayBlockingQueueBaseline(PlainQueue state) throws InterruptedException {
    BlockingQueue<byte[]> queue = state.queue;
    int size = itemBytes;
    Thread consumer = new Thread(() -> PlainQueue.consume(queue, ITEMS));
    Thread producer = new Thread(() -> PlainQueue.produce(queue, size, ITEMS));
    consumer.start();
    producer.start();
    producer.join();
    consumer.join();
  }

  /** Baseline of operation 4: two plain threads appending to and tailing a raw Chronicle queue. */
  @Benchmark
  public void chronicleQueueBaseline(ChronicleQueue state) throws InterruptedException {
    SingleChronicleQueue queue = state.queue;
    int size = itemBytes;
    CountDownLatch tailerReady = new CountDownLatch(1);
    Thread consumer = new Thread(() -> ChronicleTasks.consume(queue, ITEMS, tailerReady));
    Thread producer = new Thread(() -> ChronicleTasks.produce(queue, size, ITEMS));
    consumer.start();
    tailerReady.await();
    producer.start();
    producer.join();
    consumer.join();
  }

  /** A producer isolate, a consumer isolate, and the queue between them. */
  @State(Scope.Benchmark)
  public static class ProducerConsumer {
    Isolate producer;
    Isolate consumer;
    IsolateQueue<byte[]> queue;

    @Setup(Level.Trial)
    public void createIsolates() {
      producer = Isolates.create();
      consumer = Isolates.create();
    }

    @Setup(Level.Iteration)
    public void createQueue() {
      queue = Isolates.createQueue();
    }

    @TearDown(Level.Iteration)
    public void closeQueue() {
      queue.close();
    }

    @TearDown(Level.Trial)
    public void closeIsolates() throws InterruptedException {
      Cleanup.closeWhenIdle(producer);
      Cleanup.closeWhenIdle(consumer);
    }
  }

  /** The ArrayBlockingQueue of the baseline, and its two loops. */
  @State(Scope.Benchmark)
  public static class PlainQueue {
    final BlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(PLAIN_CAPACITY);

    static void produce(BlockingQueue<byte[]> queue, int itemBytes, int count) {
      try {
        for (int i = 0; i < count; i++) {
          byte[] item = new byte[itemBytes];
          item[0] = (byte) i;
          queue.put(item);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    static void consume(BlockingQueue<byte[]> queue, int count) {
      try {
        for (int i = 0; i < count; i++) {
          queue.take();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The raw Chronicle queue of the baseline, made anew for each iteration. */
  @State(Scope.Benchmark)
  public static class ChronicleQueue {
    SingleChronicleQueue queue;

    @Setup(Level.Iteration)
    public void createQueue() {
      queue = ChronicleTasks.newQueue("throughput");
    }

    @TearDown(Level.Iteration)
    public void closeQueue() {
      ChronicleTasks.closeAndDelete(queue);
    }
  }
}
