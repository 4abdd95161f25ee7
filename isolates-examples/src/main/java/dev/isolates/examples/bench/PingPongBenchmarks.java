package dev.isolates.examples.bench;

import dev.isolates.Isolate;
import dev.isolates.IsolateQueue;
import dev.isolates.Isolates;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Operation 5: the round trip of one item from the benchmark thread to an echo thread and back, over two
 * queues. The echo thread runs inside an isolate ({@code callInThread}) for ours and is a plain thread for the
 * baselines. Blocking takes may park the thread; spinning ones poll without parking.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PingPongBenchmarks {

  /** Operation 5, blocking: {@code ping.put(1); pong.get()}, answered by an isolate's blocking loop. */
  @Benchmark
  public Integer blocking(IsolateEcho state) {
    state.ping.put(1);
    return state.pong.get();
  }

  /** Operation 5, spinning: the same, with both sides polling instead of blocking. */
  @Benchmark
  public Integer spinning(SpinningIsolateEcho state) {
    state.ping.put(1);
    return QueueTasks.spinGet(state.pong);
  }

  /** Baseline of blocking operation 5: {@link ArrayBlockingQueue} put and take, both sides plain threads. */
  @Benchmark
  public Integer arrayBlockingQueueBaseline(PlainEcho state) throws InterruptedException {
    state.ping.put(1);
    return state.pong.take();
  }

  /** Baseline of spinning operation 5: raw Chronicle queues with busy-polling tailers on both sides. */
  @Benchmark
  public int chronicleQueueBaseline(ChronicleEcho state) {
    ChronicleTasks.write(state.pingAppender, 1);
    return ChronicleTasks.spinRead(state.pongTailer);
  }

  /** An isolate whose thread answers every ping, and the two queues. */
  @State(Scope.Benchmark)
  public static class IsolateEcho {
    Isolate isolate;
    IsolateQueue<Integer> ping;
    IsolateQueue<Integer> pong;
    Thread echo;

    @Setup
    public void setUp() {
      isolate = Isolates.create();
      ping = Isolates.createQueue();
      pong = Isolates.createQueue();
      echo = start();
    }

    Thread start() {
      return isolate.callInThread(QueueTasks::echo, ping, pong);
    }

    /** Stops the echo loop: it answers {@link QueueTasks#STOP} and returns. */
    @TearDown
    public void tearDown() throws InterruptedException {
      ping.put(QueueTasks.STOP);
      pong.get();
      echo.join();
      isolate.close();
      ping.close();
      pong.close();
    }
  }

  /** Like {@link IsolateEcho}, with an echo loop that polls. */
  @State(Scope.Benchmark)
  public static class SpinningIsolateEcho extends IsolateEcho {
    @Override
    Thread start() {
      return isolate.callInThread(QueueTasks::echoSpinning, ping, pong);
    }
  }

  /** A plain thread that answers every ping over two {@link ArrayBlockingQueue}s. */
  @State(Scope.Benchmark)
  public static class PlainEcho {
    final BlockingQueue<Integer> ping = new ArrayBlockingQueue<>(16);
    final BlockingQueue<Integer> pong = new ArrayBlockingQueue<>(16);
    Thread echo;

    @Setup
    public void setUp() {
      echo = new Thread(this::echo, "plain-echo");
      echo.start();
    }

    private void echo() {
      try {
        int value;
        do {
          value = ping.take();
          pong.put(value);
        } while (value != QueueTasks.STOP);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    @TearDown
    public void tearDown() throws InterruptedException {
      ping.put(QueueTasks.STOP);
      pong.take();
      echo.join();
    }
  }

  /**
   * A plain thread that answers every ping over two raw Chronicle queues. The benchmark thread's appender and
   * tailer are made in set-up, which JMH runs in the benchmark thread, as Chronicle's thread checks require.
   */
  @State(Scope.Benchmark)
  public static class ChronicleEcho {
    SingleChronicleQueue ping;
    SingleChronicleQueue pong;
    ExcerptAppender pingAppender;
    ExcerptTailer pongTailer;
    Thread echo;

    @Setup
    public void setUp() {
      ping = ChronicleTasks.newQueue("ping");
      pong = ChronicleTasks.newQueue("pong");
      pingAppender = ping.createAppender();
      pongTailer = pong.createTailer();
      echo = new Thread(() -> ChronicleTasks.echo(ping, pong), "chronicle-echo");
      echo.start();
    }

    @TearDown
    public void tearDown() throws InterruptedException {
      ChronicleTasks.write(pingAppender, QueueTasks.STOP);
      ChronicleTasks.spinRead(pongTailer);
      echo.join();
      pingAppender.close();
      pongTailer.close();
      ChronicleTasks.closeAndDelete(ping);
      ChronicleTasks.closeAndDelete(pong);
    }
  }
}
