package dev.isolates.examples.bench;

import dev.isolates.Isolate;
import dev.isolates.Isolates;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.ref.Reference;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;

/**
 * Operation 7, measured outside JMH: the memory that each idle, live isolate keeps, with {@code count} of them
 * alive at once. Memory is the heap in use after full collections plus the Metaspace in use (which holds
 * classes, and includes the compressed class space); the difference before and after creating the isolates,
 * each having made one call, is divided by their number. The baseline does the same with plain class loaders
 * that each define their own copy of {@link Bench} and keep a handle to its method.
 */
final class MemoryFootprint {
  private static final MethodType SUM = MethodType.methodType(int.class, int.class, int.class);

  private MemoryFootprint() {}

  /**
   * The memory one live item holds.
   *
   * @param heapBytes heap in use, per item
   * @param metaspaceBytes Metaspace in use, per item
   */
  record PerItem(double heapBytes, double metaspaceBytes) {
    double totalBytes() {
      return heapBytes + metaspaceBytes;
    }
  }

  /** Memory per live isolate that made one call, {@code count} of them live at once. */
  static PerItem perIsolate(int count) throws InterruptedException {
    // One isolate first, so that the runtime's own one-time state is not counted.
    try (Isolate warmUp = Isolates.create()) {
      warmUp.call(Bench::sum, 10, 2);
    }
    Usage before = Usage.afterGc();
    List<Isolate> live = new ArrayList<>(count);
    try {
      for (int i = 0; i < count; i++) {
        Isolate isolate = Isolates.create();
        live.add(isolate);
        isolate.call(Bench::sum, 10, 2);
      }
      Usage after = Usage.afterGc();
      Reference.reachabilityFence(live);
      return after.minus(before, count);
    } finally {
      live.forEach(Isolate::close);
    }
  }

  /** Memory per live child-first class loader with Bench loaded and its method resolved. */
  static PerItem perClassLoader(int count) throws Throwable {
    URL location = Bench.class.getProtectionDomain().getCodeSource().getLocation();
    LoadedCopy.of(location).close();
    Usage before = Usage.afterGc();
    List<LoadedCopy> live = new ArrayList<>(count);
    try {
      for (int i = 0; i < count; i++) {
        live.add(LoadedCopy.of(location));
      }
      Usage after = Usage.afterGc();
      Reference.reachabilityFence(live);
      return after.minus(before, count);
    } finally {
      for (LoadedCopy copy : live) {
        copy.close();
      }
    }
  }

  /** A class loader over Bench's folder, its own copy of Bench, and a handle to that copy's {@code sum}. */
  private record LoadedCopy(URLClassLoader loader, MethodHandle sum) {
    static LoadedCopy of(URL location) throws Throwable {
      // The platform loader as parent: the application's Bench is out of reach, so the copy is our own.
      URLClassLoader loader = new URLClassLoader(new URL[] {location}, ClassLoader.getPlatformClassLoader());
      Class<?> bench = loader.loadClass(Bench.class.getName());
      MethodHandle sum = MethodHandles.privateLookupIn(bench, MethodHandles.lookup()).findStatic(bench, "sum", SUM);
      int twelve = (int) sum.invokeExact(10, 2);
      assert twelve == 12;
      return new LoadedCopy(loader, sum);
    }

    void close() throws IOException {
      loader.close();
    }
  }

  /** Heap and Metaspace in use. */
  private record Usage(long heap, long metaspace) {
    static Usage afterGc() throws InterruptedException {
      // Several collections: a class loader's classes may need more than one to be unloaded.
      for (int i = 0; i < 3; i++) {
        System.gc();
        Thread.sleep(50);
      }
      long metaspace = 0;
      for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
        if (pool.getName().equals("Metaspace")) {
          metaspace += pool.getUsage().getUsed();
        }
      }
      return new Usage(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), metaspace);
    }

    PerItem minus(Usage before, int count) {
      return new PerItem((double) (heap - before.heap) / count, (double) (metaspace - before.metaspace) / count);
    }
  }
}
