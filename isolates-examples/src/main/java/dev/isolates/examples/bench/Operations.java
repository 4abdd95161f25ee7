package dev.isolates.examples.bench;

import static dev.isolates.examples.bench.Figure.Kind.ALLOCATION;
import static dev.isolates.examples.bench.Figure.Kind.LATENCY;
import static dev.isolates.examples.bench.Figure.Kind.MEMORY;
import static dev.isolates.examples.bench.Figure.Kind.THROUGHPUT;

import java.util.List;

/**
 * What the table shows: each operation with its baseline and target, and the reference figures of CPython.
 * The keys name the benchmark methods of this package (see {@link Row}) and the memory measurements of
 * {@link MemoryFootprint}.
 */
final class Operations {
  static final String MEMORY_ISOLATE = "memory:isolate";
  static final String MEMORY_CLASS_LOADER = "memory:classLoader";

  private static final String LIFECYCLE = "LifecycleBenchmarks.";
  private static final String CALL = "CallBenchmarks.";
  private static final String IN_THREAD = "CallInThreadBenchmarks.";
  private static final String STREAM = "QueueThroughputBenchmarks.";
  private static final String SMALL = ":itemBytes=16";
  private static final String KIB = ":itemBytes=1024";
  private static final String PING_PONG = "PingPongBenchmarks.";
  private static final String POOL = "PoolBenchmarks.";
  private static final String CONTROL = "ControlBenchmarks.";
  private static final String ALLOCATING = "QueueAllocationBenchmarks.";
  private static final String ALLOC = JmhFigures.ALLOCATION;
  private static final String SCALE = "QueueScaleBenchmarks.";
  private static final String EXEC = "ExecBenchmarks.";

  private static final double NS_PER_US = 1e3;
  private static final double NS_PER_MS = 1e6;

  /** The rows of the main table, in the order of the brief. */
  static final List<Row> ROWS = List.of(
      new Row("1", "create + first call + close", LATENCY, LIFECYCLE + "createCallClose",
          "URLClassLoader + loadClass + MH call", LIFECYCLE + "classLoaderBaseline", Target.atMost(150 * NS_PER_US)),
      new Row("1b", "create + first call + close, 4 KB class", LATENCY, LIFECYCLE + "createCallCloseBigTask",
          "child-first loader, bytes in memory", LIFECYCLE + "plainLoaderBigTaskBaseline", null),
      new Row("2", "call(Bench::sum, 10, 2), repeated", LATENCY, CALL + "call",
          "MethodHandle.invokeExact", CALL + "methodHandleBaseline", Target.ratioAtMost(4)),
      new Row("2b", "call into an accounted isolate", LATENCY, CONTROL + "accountedCall",
          "the same call, not accounted", CALL + "call", Target.ratioAtMost(2)),
      new Row("2c", "CPU-bound loop inside an isolate", LATENCY, CONTROL + "loopInIsolate",
          "the same loop in main", CONTROL + "loopInMain", Target.ratioAtMost(1.05)),
      new Row("3", "callInThread + get from queue", LATENCY, IN_THREAD + "callInThread",
          "new Thread + ArrayBlockingQueue", IN_THREAD + "threadBaseline", null),
      new Row("4a", "queue throughput, 16 B items", THROUGHPUT, STREAM + "isolateQueue" + SMALL,
          "ArrayBlockingQueue, 2 threads", STREAM + "arrayBlockingQueueBaseline" + SMALL, Target.ratioAtLeast(0.5)),
      new Row("4b", "queue throughput, 16 B items", THROUGHPUT, STREAM + "isolateQueue" + SMALL,
          "raw Chronicle Queue, 2 threads", STREAM + "chronicleQueueBaseline" + SMALL, null),
      new Row("4c", "queue throughput, 1 KiB items", THROUGHPUT, STREAM + "isolateQueue" + KIB,
          "ArrayBlockingQueue, 2 threads", STREAM + "arrayBlockingQueueBaseline" + KIB, null),
      new Row("4d", "queue throughput, 1 KiB items", THROUGHPUT, STREAM + "isolateQueue" + KIB,
          "raw Chronicle Queue, 2 threads", STREAM + "chronicleQueueBaseline" + KIB, Target.ratioAtLeast(0.8)),
      new Row("4e", "queue put + poll, allocated per item", ALLOCATION, ALLOCATING + "putAndPoll" + ALLOC,
          "ArrayBlockingQueue offer + poll", ALLOCATING + "arrayBlockingQueueBaseline" + ALLOC, Target.atMost(1)),
      new Row("5a", "ping-pong round trip, blocking", LATENCY, PING_PONG + "blocking",
          "ArrayBlockingQueue put/take", PING_PONG + "arrayBlockingQueueBaseline", Target.atMost(20 * NS_PER_US)),
      new Row("5b", "ping-pong round trip, spinning poll()", LATENCY, PING_PONG + "spinning",
          "raw Chronicle, busy-polling tailers", PING_PONG + "chronicleQueueBaseline", Target.ratioAtMost(1.5)),
      new Row("6", "pool of 2, rounds of 100,000 tasks", THROUGHPUT, POOL + "isolatePool",
          "Executors.newFixedThreadPool(2)", POOL + "threadPoolBaseline", Target.ratioAtLeast(0.8)),
      new Row("6b", "pool of 2, tasks that capture a value", THROUGHPUT, POOL + "isolatePoolCapturing",
          "Executors.newFixedThreadPool(2)", POOL + "threadPoolCapturingBaseline", Target.ratioAtLeast(0.8)),
      new Row("7", "memory per idle live isolate", MEMORY, MEMORY_ISOLATE,
          "child-first class loader + class", MEMORY_CLASS_LOADER, Target.atMost(300 * 1024)),
      new Row("8", "createQueue + put + get + close", LATENCY, LIFECYCLE + "createQueuePutGetClose",
          "new ArrayBlockingQueue put/take", LIFECYCLE + "arrayBlockingQueueBaseline", Target.atMost(200 * NS_PER_US)),
      new Row("8b", "the same, with 5,000 queues live", LATENCY, SCALE + "createPutGetClose:liveQueues=5000",
          "the same, with 10 queues live", SCALE + "createPutGetClose:liveQueues=10", Target.ratioAtMost(2)),
      new Row("9", "exec(\"return 1 + 1;\"), 2nd and later", LATENCY, EXEC + "exec",
          "javax.tools compile of the same class", EXEC + "javacBaseline", null));

  /** CPython 3.14.10's figures from another run on the same kind of machine, with ours beside them. */
  static final List<ReferenceRow> REFERENCES = List.of(
      reference("create + first call + close", "8.6-12.4 ms", LIFECYCLE + "createCallClose", ""),
      new ReferenceRow("call", "9.4 us (non-main thread), 168 us (main thread)",
          List.of(new ReferenceRow.Part(CALL + "call", "(JMH worker thread)"))),
      reference("call_in_thread + blocking get", "about 10 ms", IN_THREAD + "callInThread", ""),
      new ReferenceRow("queue throughput", "1.05 M small items/s, 1.04 M 1 KiB items/s", List.of(
          new ReferenceRow.Part(STREAM + "isolateQueue" + SMALL, "16 B items"),
          new ReferenceRow.Part(STREAM + "isolateQueue" + KIB, "1 KiB items"))),
      new ReferenceRow("ping-pong round trip", "1.53 us spinning, 10-20 ms blocking", List.of(
          new ReferenceRow.Part(PING_PONG + "spinning", "spinning"),
          new ReferenceRow.Part(PING_PONG + "blocking", "blocking"))),
      reference("pool of 2 (InterpreterPoolExecutor)", "22-24k tasks/s", POOL + "isolatePool", ""),
      reference("memory per live interpreter", "about 3 MiB", MEMORY_ISOLATE, ""));

  private Operations() {}

  private static ReferenceRow reference(String operation, String cpython, String key, String label) {
    return new ReferenceRow(operation, cpython, List.of(new ReferenceRow.Part(key, label)));
  }
}
