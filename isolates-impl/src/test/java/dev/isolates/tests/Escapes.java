package dev.isolates.tests;

import com.sun.net.httpserver.HttpServer;
import dev.isolates.Isolate;
import dev.isolates.IsolatePoolExecutor;
import dev.isolates.IsolateQueue;
import dev.isolates.IsolatedCallable;
import dev.isolates.Isolates;
import dev.isolates.tests.shared.Kept;
import dev.isolates.tests.shared.Rendezvous;
import dev.isolates.tests.shared.Stubborn;
import dev.isolates.tests.shared.Tally;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

/**
 * Code that runs work on other threads than its caller's, for the tests of "nothing escapes": each isolate loads its
 * own copy. The isolates that run it share {@code dev.isolates.tests.shared}.
 */
public final class Escapes {
  private Escapes() {}

  /** Calls a task that never ends in another isolate. */
  public static void spinIn(Isolate other) {
    other.call(Runaway::spin);
  }

  /** Calls into {@code inner} a task that closes {@code outer}, which the calling thread is inside. */
  public static void closeFromInner(Isolate inner, Isolate outer) {
    inner.call(Escapes::close, outer);
  }

  public static void close(Isolate isolate) {
    isolate.close();
  }

  /** Tells a queue that it runs, then loops checking nothing: a pool's task that only a stop ends. */
  public static void spinAfterTelling(IsolateQueue<String> started) {
    started.put("running");
    long i = 0;
    while (true) {
      sink = i++;
    }
  }

  static volatile long sink;

  /** Runs shared code that ignores interrupts, as JDK code may. */
  public static void runStubbornCode() {
    Stubborn.spinUntilReleased();
  }

  /** The id of the isolate that a {@code supplyAsync} without an executor runs in. */
  public static long supplyAsyncIsolateId() {
    return CompletableFuture.supplyAsync(() -> Isolates.current().id()).join();
  }

  /** The ids of the isolates that the async stages and the common pool run in, as one number when they agree. */
  public static long asyncStagesIsolateId() throws Exception {
    long stage = CompletableFuture.completedFuture(1).thenApplyAsync(one -> Isolates.current().id()).get();
    long pool = ForkJoinPool.commonPool().submit(() -> Isolates.current().id()).get();
    return stage == pool ? stage : -1;
  }

  /** Hands a task that never ends to the common pool, through CompletableFuture, and returns at once. */
  public static void runAsyncSpin() {
    CompletableFuture.runAsync(Runaway::spin);
  }

  /** Hands a task that sleeps for ever to the common pool itself, and returns at once. */
  public static void commonPoolSleep() {
    ForkJoinPool.commonPool().execute(() -> {
      try {
        Runaway.sleepForever();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
  }

  /** The distinct ids of the isolates a parallel stream's leaves run in. */
  public static long[] parallelStreamIsolateIds() {
    return IntStream.range(0, 10_000).parallel().mapToLong(i -> Isolates.current().id()).distinct().toArray();
  }

  /** A parallel stream whose every leaf counts itself, then spins for ever. */
  public static void parallelSpin() {
    IntStream.range(0, 64).parallel().forEach(i -> {
      Tally.increment("leaves");
      Runaway.spin();
    });
  }

  /** A parallel sum, to see that the isolate's pool works again after a cancel. */
  public static long parallelSum() {
    return LongStream.rangeClosed(1, 100_000).parallel().sum();
  }

  /** Starts threads that wait for the latch {@code "stop"}; returns how many started. */
  public static int startWaitingThreads(int count) {
    for (int i = 0; i < count; i++) {
      new Thread(() -> {
        try {
          Rendezvous.await("stop");
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "waiter-" + i).start();
    }
    return count;
  }

  /** Hands spinning tasks to the pool, one more than it has workers, then waits for one more task that is queued. */
  public static void joinBehindSpinners() {
    int workers = Runtime.getRuntime().availableProcessors();
    for (int i = 0; i < workers + 1; i++) {
      CompletableFuture.runAsync(Runaway::spin);
    }
    CompletableFuture.runAsync(() -> { }).join();
  }

  /** Waits for a task of the pool that spins. */
  public static void joinSpinner() {
    CompletableFuture.runAsync(Runaway::spin).join();
  }

  /** Forks a task that spins from inside the pool, and leaves it: a piece of work nobody counted. */
  public static void forkAndLeave() {
    ForkJoinPool.commonPool().execute(() -> ForkJoinTask.adapt(Runaway::spin).fork());
  }

  /** The type of exception a parallel stream's failing leaf throws, as the isolate's code catches it. */
  public static String parallelFailure() {
    try {
      IntStream.range(0, 1_000).parallel().forEach(i -> {
        throw new IllegalStateException("bad leaf");
      });
      return "no failure";
    } catch (IllegalStateException e) {
      // The joining thread may get a copy of a leaf's exception that another worker threw, as in main; its message
      // keeps the leaf's
      return e.getClass().getSimpleName() + ": " + e.getMessage().endsWith("bad leaf");
    }
  }

  /** The distinct ids of the isolates that a ConcurrentHashMap's parallel forEach runs in. */
  public static long[] parallelBulkIsolateIds() {
    ConcurrentHashMap<Integer, Integer> map = new ConcurrentHashMap<>();
    for (int i = 0; i < 10_000; i++) {
      map.put(i, i);
    }
    Set<Long> ids = ConcurrentHashMap.newKeySet();
    map.forEach(1, (key, value) -> ids.add(Isolates.current().id()));
    return ids.stream().mapToLong(Long::longValue).toArray();
  }

  /** An application's own static invokeAll, which must run in its caller's thread like any method. */
  public static String invokeAll(Collection<String> names) {
    return Thread.currentThread().getName();
  }

  /** Whether the application's own invokeAll ran in the thread that called it. */
  public static String callOwnInvokeAll() {
    return invokeAll(List.of("a")).equals(Thread.currentThread().getName()) ? "same thread" : "another thread";
  }

  /** Waits for a future that times out: JDK 17 starts its delay scheduler thread for it. */
  public static String timeOut() {
    try {
      new CompletableFuture<String>().orTimeout(1, TimeUnit.MILLISECONDS).join();
      return "no timeout";
    } catch (CompletionException e) {
      return e.getCause().getClass().getSimpleName();
    }
  }

  /** Starts threads of a subclass of Thread that wait for the latch {@code "stop"}; returns how many started. */
  public static int startSubclassThreads(int count) {
    for (int i = 0; i < count; i++) {
      new Waiter("subclass-waiter-" + i).start();
    }
    return count;
  }

  /** A thread of a class of its own, which its callers start through its own type. */
  static final class Waiter extends Thread {
    Waiter(String name) {
      super(name);
    }

    @Override
    public void run() {
      try {
        Rendezvous.await("stop");
      } catch (InterruptedException e) {
        interrupt();
      }
    }
  }

  /** Starts a thread that spins, and returns at once. */
  public static void startSpinner() {
    new Thread(Runaway::spin, "spinner").start();
  }

  /** Starts the JDK's HTTP server with a handler that spins, and returns its port. */
  public static int startSpinningHttpServer() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> Runaway.spin());
    server.start();
    return server.getAddress().getPort();
  }

  /** Starts the JDK's HTTP server on a free port of the loopback address, leaves it running, returns the port. */
  public static int startHttpServer() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      byte[] body = "hello".getBytes(java.nio.charset.StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
    return server.getAddress().getPort();
  }

  /** Opens a server socket on a free port of the loopback address, leaves it open, returns the port. */
  public static int openServerSocket() throws IOException {
    @SuppressWarnings("resource") // left open on purpose: the isolate's close must close it
    ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    return socket.getLocalPort();
  }

  /** Makes a pool inside the isolate, hands it to the test through {@link Kept}, and returns a task's isolate id. */
  public static long makePoolAndRunATask() throws Exception {
    IsolatePoolExecutor pool = new IsolatePoolExecutor(1);
    Kept.value = pool;
    return pool.submit((IsolatedCallable<Long>) () -> Isolates.current().id()).get();
  }
}
