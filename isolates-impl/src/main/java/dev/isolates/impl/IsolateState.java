package dev.isolates.impl;

import dev.isolates.Isolate;
import dev.isolates.IsolateConfig;
import dev.isolates.IsolateException;
import dev.isolates.IsolateNotFoundException;
import dev.isolates.IsolateUsage;
import dev.isolates.IsolatedBiConsumer;
import dev.isolates.IsolatedBiFunction;
import dev.isolates.IsolatedCallable;
import dev.isolates.IsolatedConsumer;
import dev.isolates.IsolatedFunction;
import dev.isolates.IsolatedRunnable;
import dev.isolates.IsolatedTriConsumer;
import dev.isolates.IsolatedTriFunction;
import dev.isolates.Whence;
import dev.isolates.impl.inspect.InspectedIsolate;
import dev.isolates.impl.loader.ClassPath;
import dev.isolates.impl.loader.IsolateClassLoader;
import dev.isolates.impl.value.Receiver;
import dev.isolates.impl.value.Reference;
import dev.isolates.impl.value.SharedByReference;
import dev.isolates.impl.value.Values;
import java.lang.invoke.MethodHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The state object of one isolate (CPython's {@code PyInterpreterState}): its id, how it came to exist, its
 * class loader, its main namespace, the tasks resolved in it, and how many threads execute inside it. It is
 * also the handle users hold: handles cross isolates by reference, and the {@link Receiver} of the values copied
 * into it.
 *
 * <p>Closing releases everything that belongs to the isolate (the loader, the namespace, the resolved tasks),
 * so that a handle a user keeps after {@code close()} does not keep the isolate's classes reachable.
 */
final class IsolateState implements Isolate, SharedByReference, Receiver, InspectedIsolate {
  /*
   * Lifecycle and call counts, held in one atomic word so that entering and closing cannot race, and a call
   * costs one atomic operation on the way in and one on the way out:
   *
   *   bits 0-20   threads executing inside now (THREADS)
   *   bits 21-61  calls that ended (CALLS), moved to callsOverflow before they could reach CLOSED
   *   bit 62      CLOSED
   *
   *   OPEN(n threads inside, n >= 0)  --close() while n == 0-->  CLOSED (final)
   *
   * close() sets CLOSED by a CAS from a word with no thread inside, so it fails while any thread is inside;
   * enter() increments only while the bit is clear, so no thread enters once close() has succeeded.
   */
  private static final long THREADS = (1L << 21) - 1;
  private static final long CALL = 1L << 21;
  private static final long CLOSED = 1L << 62;
  /** Calls counted in the word beyond this are moved to {@link #callsOverflow}. */
  private static final long CALLS_TO_MOVE = 1L << 39;

  private final long id;
  private final Whence whence;
  private final String name;
  private final AtomicLong state = new AtomicLong();
  private final AtomicLong callsOverflow = new AtomicLong();
  private final AtomicLong failedCalls = new AtomicLong();
  private final AtomicInteger threadNumber = new AtomicInteger();
  /** Task code resolved in this isolate's classes; see {@link TaskResolver}. Cleared on close. */
  private final Map<TaskResolver.TaskKey, MethodHandle> tasks = new ConcurrentHashMap<>();
  private final Map<String, Object> namespace = Collections.synchronizedMap(new LinkedHashMap<>());
  /** Null once closed. */
  private volatile ClassLoader loader;

  private IsolateState(long id, Whence whence, String name, ClassLoader loader) {
    this.id = id;
    this.whence = whence;
    this.name = name;
    this.loader = loader;
  }

  /** The main isolate: id 0, the application class loader. */
  static IsolateState main() {
    return new IsolateState(0, Whence.RUNTIME, null, ClassLoader.getSystemClassLoader());
  }

  /** A handle to an isolate that was closed, for a reference to it read from a queue item. */
  static IsolateState closed(long id, Whence whence) {
    IsolateState state = new IsolateState(id, whence, null, null);
    state.state.set(CLOSED);
    return state;
  }

  /**
   * Creates the state of a new isolate.
   *
   * @throws IllegalArgumentException if a class path entry is neither a folder nor a readable jar
   */
  static IsolateState create(long id, Whence whence, IsolateConfig config) {
    String name = config.name().orElse(null);
    ClassPath classPath = config.classpath().isEmpty() ? ClassPath.application() : ClassPath.of(config.classpath());
    ClassLoader loader = new IsolateClassLoader("isolate-" + id, classPath, config.sharedPackages(),
        ClassLoader.getSystemClassLoader(), new PassiveHooks());
    return new IsolateState(id, whence, name, loader);
  }

  @Override
  public long id() {
    return id;
  }

  @Override
  public Whence whence() {
    return whence;
  }

  /** The main isolate always counts as running: the JVM's main thread executes in it. */
  @Override
  public boolean isRunning() {
    long s = state.get();
    return whence == Whence.RUNTIME || ((s & THREADS) != 0 && s < CLOSED);
  }

  @Override
  public boolean isClosed() {
    return state.get() >= CLOSED;
  }

  @Override
  public void close() {
    if (whence == Whence.RUNTIME) {
      throw new IsolateException("the main isolate cannot be closed: it is where the application started,"
          + " and it lasts as long as the JVM");
    }
    long s;
    do {
      s = state.get();
      if (s >= CLOSED) {
        return;
      }
      if ((s & THREADS) != 0) {
        throw new IsolateException(label() + " cannot be closed while running: " + (s & THREADS) + " thread(s)"
            + " execute inside it; close it once they finish (join the threads that callInThread returned)");
      }
    } while (!state.compareAndSet(s, s | CLOSED));
    Registry.remove(this);
    tasks.clear();
    namespace.clear();
    loader = null;
  }

  @Override
  public void prepareMain(Map<String, ?> bindings) {
    Objects.requireNonNull(bindings, "bindings");
    enter();
    try {
      Map<String, Object> copies = new LinkedHashMap<>();
      Invocation.inside(this, () -> bindings.forEach((name, value) -> {
        Objects.requireNonNull(name, "a binding name is null");
        copies.put(name, Values.copy(value, this, true, "binding '" + name + "'"));
      }));
      namespace.putAll(copies);
    } finally {
      state.decrementAndGet(); // a binding is no call
    }
  }

  @Override
  public <R> R call(IsolatedCallable<R> task) {
    return Invocation.call(this, TaskForm.CALLABLE, task, null, null, null);
  }

  @Override
  public <A, R> R call(IsolatedFunction<A, R> task, A a) {
    return Invocation.call(this, TaskForm.FUNCTION, task, a, null, null);
  }

  @Override
  public <A, B, R> R call(IsolatedBiFunction<A, B, R> task, A a, B b) {
    return Invocation.call(this, TaskForm.BI_FUNCTION, task, a, b, null);
  }

  @Override
  public <A, B, C, R> R call(IsolatedTriFunction<A, B, C, R> task, A a, B b, C c) {
    return Invocation.call(this, TaskForm.TRI_FUNCTION, task, a, b, c);
  }

  @Override
  public void call(IsolatedRunnable task) {
    Invocation.call(this, TaskForm.RUNNABLE, task, null, null, null);
  }

  @Override
  public <A> void call(IsolatedConsumer<A> task, A a) {
    Invocation.call(this, TaskForm.CONSUMER, task, a, null, null);
  }

  @Override
  public <A, B> void call(IsolatedBiConsumer<A, B> task, A a, B b) {
    Invocation.call(this, TaskForm.BI_CONSUMER, task, a, b, null);
  }

  @Override
  public <A, B, C> void call(IsolatedTriConsumer<A, B, C> task, A a, B b, C c) {
    Invocation.call(this, TaskForm.TRI_CONSUMER, task, a, b, c);
  }

  @Override
  public Thread callInThread(IsolatedCallable<?> task) {
    return Invocation.callInThread(this, TaskForm.CALLABLE, task, null, null, null);
  }

  @Override
  public <A> Thread callInThread(IsolatedFunction<A, ?> task, A a) {
    return Invocation.callInThread(this, TaskForm.FUNCTION, task, a, null, null);
  }

  @Override
  public <A, B> Thread callInThread(IsolatedBiFunction<A, B, ?> task, A a, B b) {
    return Invocation.callInThread(this, TaskForm.BI_FUNCTION, task, a, b, null);
  }

  @Override
  public <A, B, C> Thread callInThread(IsolatedTriFunction<A, B, C, ?> task, A a, B b, C c) {
    return Invocation.callInThread(this, TaskForm.TRI_FUNCTION, task, a, b, c);
  }

  @Override
  public Thread callInThread(IsolatedRunnable task) {
    return Invocation.callInThread(this, TaskForm.RUNNABLE, task, null, null, null);
  }

  @Override
  public <A> Thread callInThread(IsolatedConsumer<A> task, A a) {
    return Invocation.callInThread(this, TaskForm.CONSUMER, task, a, null, null);
  }

  @Override
  public <A, B> Thread callInThread(IsolatedBiConsumer<A, B> task, A a, B b) {
    return Invocation.callInThread(this, TaskForm.BI_CONSUMER, task, a, b, null);
  }

  @Override
  public <A, B, C> Thread callInThread(IsolatedTriConsumer<A, B, C> task, A a, B b, C c) {
    return Invocation.callInThread(this, TaskForm.TRI_CONSUMER, task, a, b, c);
  }

  @Override
  public boolean cancel(Duration timeout) {
    throw new UnsupportedOperationException("cancel is not implemented yet");
  }

  @Override
  public void terminate(Duration timeout) {
    throw new UnsupportedOperationException("terminate is not implemented yet");
  }

  @Override
  public IsolateUsage usage() {
    long s = state.get();
    ClassLoader own = loader;
    if (s >= CLOSED || own == null) {
      throw new IsolateNotFoundException(id);
    }
    int loaded = own instanceof IsolateClassLoader ? ((IsolateClassLoader) own).definedClasses() : 0;
    return new IsolateUsage(((s & ~CLOSED) >>> 21) + callsOverflow.get(), failedCalls.get(), (int) (s & THREADS),
        loaded, false, Duration.ZERO, 0);
  }

  @Override
  public Object exec(String statements) {
    return Exec.run(this, statements, false);
  }

  @Override
  public String execToString(String statements) {
    return (String) Exec.run(this, statements, true);
  }

  @Override
  public Optional<String> name() {
    return Optional.ofNullable(name);
  }

  /**
   * Returns the live threads executing inside this isolate now: for the time being, those whose context class
   * loader is this isolate's loader, which a thread in {@code call} or a {@code callInThread} thread has while
   * inside (and the threads that code inside starts inherit). The JVM's own threads, those of the root thread
   * group (the JIT's, the reference handler, the management agent's), are left out: they would all count as main's.
   */
  @Override
  public List<Thread> threadsInside() {
    ClassLoader own = loader;
    if (own == null) {
      return List.of();
    }
    ThreadGroup root = Thread.currentThread().getThreadGroup();
    while (root.getParent() != null) {
      root = root.getParent();
    }
    Thread[] threads;
    int count;
    do { // enumerate drops the threads that do not fit: retry with room to spare
      threads = new Thread[root.activeCount() * 2 + 8];
      count = root.enumerate(threads, true);
    } while (count == threads.length);
    List<Thread> inside = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      if (threads[i].getContextClassLoader() == own && threads[i].getThreadGroup() != root) {
        inside.add(threads[i]);
      }
    }
    return inside;
  }

  /** Counts the calling thread as executing inside; every successful enter is paired with one leave. */
  void enter() {
    long s;
    do {
      s = state.get();
      if (s >= CLOSED) {
        throw new IsolateNotFoundException(id);
      }
    } while (!state.compareAndSet(s, s + 1));
  }

  /** Counts the calling thread out again, and the call it made as ended. */
  void leave(boolean failed) {
    long s = state.getAndAdd(CALL - 1);
    if (failed) {
      failedCalls.incrementAndGet();
    }
    if ((s & ~CLOSED) >>> 21 >= CALLS_TO_MOVE) {
      moveCalls();
    }
  }

  /** Moves the calls counted in the state word to {@link #callsOverflow}, before they could reach CLOSED. */
  private void moveCalls() {
    long s = state.get();
    if ((s & ~CLOSED) >>> 21 >= CALLS_TO_MOVE && state.compareAndSet(s, s - CALLS_TO_MOVE * CALL)) {
      callsOverflow.addAndGet(CALLS_TO_MOVE);
    }
  }

  /** The class loader; call only between {@link #enter()} and {@link #leave(boolean)}, when it cannot be closed. */
  @Override
  public ClassLoader loader() {
    return loader;
  }

  @Override
  public Reference reference() {
    return new Reference(Reference.Kind.ISOLATE, id, whence.ordinal());
  }

  Map<String, Object> namespace() {
    return namespace;
  }

  /** The task's code resolved in this isolate, resolving it on first use. */
  MethodHandle code(TaskResolver.TaskKey key) {
    MethodHandle code = tasks.get(key);
    return code != null ? code : tasks.computeIfAbsent(key, k -> TaskResolver.resolve(k, this));
  }

  String nextThreadName() {
    return "isolate-" + id + (name == null ? "" : "-" + name) + "-thread-" + threadNumber.incrementAndGet();
  }

  /** Names the isolate in messages: {@code isolate 3 'parser'}, or {@code the main isolate}. */
  @Override
  public String label() {
    if (whence == Whence.RUNTIME) {
      return "the main isolate";
    }
    return "isolate " + id + (name == null ? "" : " '" + name + "'");
  }

  @Override
  public String toString() {
    long s = state.get();
    return "Isolate[id=" + id + (name == null ? "" : ", name=" + name) + ", whence=" + whence
        + (s >= CLOSED ? ", closed" : ", threads inside=" + (s & THREADS)) + ']';
  }
}
