package dev.isolates.examples.bench;

import dev.isolates.Isolate;
import dev.isolates.IsolateQueue;
import dev.isolates.Isolates;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Operations 1 and 8: the whole life of an isolate (create, first call, close) and of a queue (create, first
 * put and get, close), each next to what it costs without this library. Sampled one operation at a time, so
 * that the table can show the median and the 99th percentile.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
public class LifecycleBenchmarks {
  private static final MethodType SUM = MethodType.methodType(int.class, int.class, int.class);
  /** The folder (or jar) Bench was loaded from: the baseline loader defines its own copy from there. */
  private final URL benchLocation = Bench.class.getProtectionDomain().getCodeSource().getLocation();

  /** Operation 1: {@code try (Isolate i = Isolates.create()) { i.call(Bench::sum, 10, 2); }}. */
  @Benchmark
  public int createCallClose() {
    try (Isolate isolate = Isolates.create()) {
      return isolate.call(Bench::sum, 10, 2);
    }
  }

  /**
   * Baseline of operation 1: a class loader of our own defines Bench again and calls it. Its parent is the
   * platform loader, so it cannot delegate to the application's copy of Bench.
   */
  @Benchmark
  public int classLoaderBaseline() throws Throwable {
    try (URLClassLoader loader = new URLClassLoader(new URL[] {benchLocation},
        ClassLoader.getPlatformClassLoader())) {
      Class<?> bench = loader.loadClass(Bench.class.getName());
      MethodHandle sum = MethodHandles.privateLookupIn(bench, MethodHandles.lookup()).findStatic(bench, "sum", SUM);
      return (int) sum.invokeExact(10, 2);
    }
  }

  /** Operation 1b: the same with a task class of realistic size, {@link BigTask}. */
  @Benchmark
  public long createCallCloseBigTask() {
    try (Isolate isolate = Isolates.create()) {
      return isolate.call(BigTask::total, 3, 250);
    }
  }

  /** Baseline of operation 1b: a child-first loader defines BigTask from bytes in memory and calls it. */
  @Benchmark
  public long plainLoaderBigTaskBaseline() throws Throwable {
    Class<?> task = new InMemoryLoader().loadClass(BigTask.class.getName());
    MethodHandle total = MethodHandles.privateLookupIn(task, MethodHandles.lookup())
        .findStatic(task, "total", MethodType.methodType(long.class, int.class, int.class));
    return (long) total.invokeExact(3, 250);
  }

  /**
   * A plain child-first loader of this package's classes, from bytes read once: what isolates do, without
   * anything of isolates (no rewriting, no registry, no state object).
   */
  static final class InMemoryLoader extends ClassLoader {
    private static final java.util.Map<String, byte[]> BYTES = new java.util.concurrent.ConcurrentHashMap<>();

    InMemoryLoader() {
      super(ClassLoader.getPlatformClassLoader());
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      synchronized (getClassLoadingLock(name)) {
        Class<?> loaded = findLoadedClass(name);
        if (loaded == null) {
          loaded = name.startsWith(BigTask.class.getPackageName() + ".") ? define(name) : getParent().loadClass(name);
        }
        return loaded;
      }
    }

    private Class<?> define(String name) throws ClassNotFoundException {
      byte[] bytes = BYTES.computeIfAbsent(name, InMemoryLoader::read);
      if (bytes.length == 0) {
        throw new ClassNotFoundException(name);
      }
      return defineClass(name, bytes, 0, bytes.length);
    }

    private static byte[] read(String name) {
      try (java.io.InputStream in = Bench.class.getClassLoader()
          .getResourceAsStream(name.replace('.', '/') + ".class")) {
        return in == null ? new byte[0] : in.readAllBytes();
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }

  /** Operation 8: a queue's whole life, {@code createQueue(); put(1); get(); close()}. */
  @Benchmark
  public Integer createQueuePutGetClose() {
    return queueLife();
  }

  /** A queue's whole life; also measured with thousands of queues live, by {@link QueueScaleBenchmarks}. */
  static Integer queueLife() {
    IsolateQueue<Integer> queue = Isolates.createQueue();
    try {
      queue.put(1);
      return queue.get();
    } finally {
      queue.close();
    }
  }

  /** Baseline of operation 8: the same with a new {@link ArrayBlockingQueue}. */
  @Benchmark
  public Integer arrayBlockingQueueBaseline() throws InterruptedException {
    BlockingQueue<Integer> queue = new ArrayBlockingQueue<>(16);
    queue.put(1);
    return queue.take();
  }
}
