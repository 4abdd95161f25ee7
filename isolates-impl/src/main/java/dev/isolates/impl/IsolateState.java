package dev.isolates.impl;

import dev.isolates.CancelReason;
import dev.isolates.ExceptionInfo;
import dev.isolates.ExecutionCancelledException;
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
import dev.isolates.IsolatedQuadConsumer;
import dev.isolates.IsolatedQuadFunction;
import dev.isolates.IsolatedPentaConsumer;
import dev.isolates.IsolatedPentaFunction;
import dev.isolates.IsolatedHexaConsumer;
import dev.isolates.IsolatedHexaFunction;
import dev.isolates.IsolatedRunnable;
import dev.isolates.IsolatedTriConsumer;
import dev.isolates.IsolatedTriFunction;
import dev.isolates.Whence;
import dev.isolates.impl.control.IsolateControl;
import dev.isolates.impl.control.ThreadCensus;
import dev.isolates.impl.control.ThreadFrame;
import dev.isolates.impl.inspect.Flight;
import dev.isolates.impl.inspect.InspectedIsolate;
import dev.isolates.impl.inspect.StatementCompiler;
import dev.isolates.impl.loader.ClassPath;
import dev.isolates.impl.loader.IsolateClassLoader;
import dev.isolates.impl.value.Receiver;
import dev.isolates.impl.value.Reference;
import dev.isolates.impl.value.SharedByReference;
import dev.isolates.impl.value.Values;
import java.lang.invoke.MethodHandle;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The state object of one isolate (CPython's {@code PyInterpreterState}): its id, how it came to exist, its
 * class loader, its main namespace, the tasks resolved in it, and how many threads execute inside it. It is
 * also the handle users hold: handles cross isolates by reference, and the {@link Receiver} of the values copied
 * into it.
 *
 * <p>Closing releases everything that belongs to the isolate (the loader, the namespace, the resolved tasks),
 * so that a handle a user keeps after {@code close()} does not keep the isolate's classes reachable.
 */
final class IsolateState implements Isolate, SharedByReference, CallTarget, InspectedIsolate {
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
  private final ResolvedTasks resolvedTasks = new ResolvedTasks();
  private final Map<String, Object> namespace = Collections.synchronizedMap(new LinkedHashMap<>());
  /** Null once closed. */
  private volatile ClassLoader loader;
  /** Cancellation, limits and usage; null for main, whose code is never stopped. Set before publication. */
  private IsolateControl control;
  /** The {@code threads} limit, or 0 for none. */
  private int threadsLimit;

  /** Told once the isolate is closed: the registry, which forgets it. */
  private final Consumer<IsolateState> onClose;

  private IsolateState(long id, Whence whence, String name, ClassLoader loader, Consumer<IsolateState> onClose) {
    this.id = id;
    this.whence = whence;
    this.name = name;
    this.loader = loader;
    this.onClose = onClose;
  }

  /** The main isolate: id 0, the application class loader. */
  static IsolateState main() {
    return new IsolateState(0, Whence.RUNTIME, null, ClassLoader.getSystemClassLoader(), closed -> {});
  }

  /** A handle to an isolate that was closed, for a reference to it read from a queue item. */
  static IsolateState closed(long id, Whence whence) {
    IsolateState state = new IsolateState(id, whence, null, null, closed -> {});
    state.state.set(CLOSED);
    return state;
  }

  /**
   * Creates the state of a new isolate.
   *
   * @param onClose told once the isolate is closed
   * @throws IllegalArgumentException if a class path entry is neither a folder nor a readable jar
   */
  static IsolateState create(long id, Whence whence, IsolateConfig config, Consumer<IsolateState> onClose) {
    ClassPath classPath = config.classpath().isEmpty() ? ClassPath.application() : ClassPath.of(config.classpath());
    IsolateState state = new IsolateState(id, whence, config.name().orElse(null), null, onClose);
    state.control = new IsolateControl(state, state.id, state.label(), state.threadNamePrefix(), config.limits(),
        config.accounting(), state::callsInside, Flight::cancelled);
    state.threadsLimit = config.limits().threads().orElse(0);
    IsolateClassLoader loader = new IsolateClassLoader("isolate-" + id, classPath, config.sharedPackages(),
        ClassLoader.getSystemClassLoader(), state.control);
    state.loader = loader;
    state.control.loader(loader);
    return state;
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
    return whence == Whence.RUNTIME || (s < CLOSED && ((s & THREADS) != 0 || !control.isIdle()));
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
    if (control != null) { // null only for the handle of an isolate closed before it was read from a queue
      control.requireOutside("close");
    }
    long s;
    do {
      s = state.get();
      if (s >= CLOSED) {
        return;
      }
      if ((s & THREADS) != 0) {
        throw new IsolateException(label() + " cannot be closed while running: " + (s & THREADS) + " thread(s)"
            + " execute inside it; close it once they finish (join the threads that callInThread returned),"
            + " or terminate it");
      }
      // No thread is in a call, so none can start a thread in it meanwhile: what is found now is final.
      List<Thread> started = control.threadsInside();
      if (!started.isEmpty()) {
        throw new IsolateException(label() + " cannot be closed while running: thread(s) its code started are"
            + " alive: " + IsolateControl.names(started) + "; stop them (shut its pools and timers down), or"
            + " terminate it");
      }
    } while (!state.compareAndSet(s, s | CLOSED));
    control.closed();
    onClose.accept(this);
    resolvedTasks.clear(this);
    namespace.clear();
    loader = null;
  }

  @Override
  public boolean cancel(Duration timeout) {
    long deadline = deadline(timeout);
    requireControllable("cancelled");
    control.requireOutside("cancel");
    return control.cancel(deadline);
  }

  @Override
  public boolean cancel(Thread thread, Duration timeout) {
    Objects.requireNonNull(thread, "thread");
    long deadline = deadline(timeout);
    requireControllable("cancelled");
    if (thread == Thread.currentThread()) {
      throw new IllegalStateException("a thread cannot cancel its own task in " + label() + ": it would wait for"
          + " itself; cancel it from another thread");
    }
    return control.cancel(thread, deadline);
  }

  @Override
  public void terminate(Duration timeout) {
    long deadline = deadline(timeout);
    if (isClosed()) {
      return;
    }
    requireControllable("terminated");
    control.requireOutside("terminate");
    control.cancel(System.nanoTime()); // stop and wake everything first: a server's stop waits for its handlers
    control.stopThreadOwners(deadline); // timers, pools and servers whose threads swallow the cancel's interrupts
    while (true) {
      if (!control.cancel(deadline)) {
        List<Thread> inside = control.threadsInside();
        throw new IsolateException(label() + " could not be terminated: " + inside.size() + " thread(s) were still"
            + " inside when the time ran out (" + IsolateControl.names(inside) + "), in code that does not return"
            + " to the isolate's own (the JDK's, or a shared package's) and ignores interrupts; it stays open:"
            + " terminate it again once that code returns, with more time");
      }
      try {
        close();
        return;
      } catch (IsolateException enteredMeanwhile) {
        if (System.nanoTime() - deadline >= 0) {
          throw enteredMeanwhile;
        }
      }
    }
  }

  private void requireControllable(String what) {
    if (whence == Whence.RUNTIME) {
      throw new IsolateException("the main isolate cannot be " + what + ": its code is the application's own,"
          + " which no poll was added to");
    }
    if (isClosed()) {
      throw new IsolateNotFoundException(id);
    }
  }

  private static long deadline(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must not be negative, but was " + timeout);
    }
    long now = System.nanoTime();
    long nanos = timeout.compareTo(Duration.ofDays(365)) > 0 ? Long.MAX_VALUE / 2 : timeout.toNanos();
    return now + nanos;
  }

  /**
   * The live threads inside now: in calls (at any depth), started by its code, working in its fork/join pool. For
   * main, the threads whose context class loader is the application's.
   */
  @Override
  public List<Thread> threadsInside() {
    if (whence == Whence.RUNTIME) {
      return ThreadCensus.threadsWithContextLoader(ClassLoader.getSystemClassLoader());
    }
    return isClosed() ? List.of() : control.threadsInside();
  }

  /** The threads in a call into this isolate now, nested calls included. */
  private int callsInside() {
    return (int) (state.get() & THREADS);
  }

  @Override
  public void prepareMain(Map<String, ?> bindings) {
    Objects.requireNonNull(bindings, "bindings");
    enter();
    try {
      Map<String, Object> copies = new LinkedHashMap<>();
      Invoker.bind(this, () -> {
        bindings.forEach((name, value) -> {
          Objects.requireNonNull(name, "a binding name is null");
          copies.put(name, Values.copy(value, this, true, "binding '" + name + "'"));
        });
        return null;
      });
      namespace.putAll(copies);
    } finally {
      state.decrementAndGet(); // a binding is no call
      ThreadFrame.current().clearControlInterrupt(); // a cancel's, once the atomic count-out ordered it
    }
  }

  @Override
  public <R> R call(IsolatedCallable<R> task) {
    return Invoker.call(this, TaskForm.CALLABLE, task, null, null, null, null);
  }

  @Override
  public <A, R> R call(IsolatedFunction<A, R> task, A a) {
    return Invoker.call(this, TaskForm.FUNCTION, task, a, null, null, null);
  }

  @Override
  public <A, B, R> R call(IsolatedBiFunction<A, B, R> task, A a, B b) {
    return Invoker.call(this, TaskForm.BI_FUNCTION, task, a, b, null, null);
  }

  @Override
  public <A, B, C, R> R call(IsolatedTriFunction<A, B, C, R> task, A a, B b, C c) {
    return Invoker.call(this, TaskForm.TRI_FUNCTION, task, a, b, c, null);
  }

  @Override
  public void call(IsolatedRunnable task) {
    Invoker.call(this, TaskForm.RUNNABLE, task, null, null, null, null);
  }

  @Override
  public <A> void call(IsolatedConsumer<A> task, A a) {
    Invoker.call(this, TaskForm.CONSUMER, task, a, null, null, null);
  }

  @Override
  public <A, B> void call(IsolatedBiConsumer<A, B> task, A a, B b) {
    Invoker.call(this, TaskForm.BI_CONSUMER, task, a, b, null, null);
  }

  @Override
  public <A, B, C> void call(IsolatedTriConsumer<A, B, C> task, A a, B b, C c) {
    Invoker.call(this, TaskForm.TRI_CONSUMER, task, a, b, c, null);
  }

  @Override
  public <A, B, C, D, R> R call(IsolatedQuadFunction<A, B, C, D, R> task, A a, B b, C c, D d) {
    return Invoker.call(this, TaskForm.QUAD_FUNCTION, task, a, b, c, new Object[] {d});
  }

  @Override
  public <A, B, C, D> void call(IsolatedQuadConsumer<A, B, C, D> task, A a, B b, C c, D d) {
    Invoker.call(this, TaskForm.QUAD_CONSUMER, task, a, b, c, new Object[] {d});
  }

  @Override
  public <A, B, C, D, E, R> R call(IsolatedPentaFunction<A, B, C, D, E, R> task, A a, B b, C c, D d, E e) {
    return Invoker.call(this, TaskForm.PENTA_FUNCTION, task, a, b, c, new Object[] {d, e});
  }

  @Override
  public <A, B, C, D, E> void call(IsolatedPentaConsumer<A, B, C, D, E> task, A a, B b, C c, D d, E e) {
    Invoker.call(this, TaskForm.PENTA_CONSUMER, task, a, b, c, new Object[] {d, e});
  }

  @Override
  public <A, B, C, D, E, F, R> R call(IsolatedHexaFunction<A, B, C, D, E, F, R> task, A a, B b, C c, D d, E e, F f) {
    return Invoker.call(this, TaskForm.HEXA_FUNCTION, task, a, b, c, new Object[] {d, e, f});
  }

  @Override
  public <A, B, C, D, E, F> void call(IsolatedHexaConsumer<A, B, C, D, E, F> task, A a, B b, C c, D d, E e, F f) {
    Invoker.call(this, TaskForm.HEXA_CONSUMER, task, a, b, c, new Object[] {d, e, f});
  }

  @Override
  public Thread callInThread(IsolatedCallable<?> task) {
    return Invoker.callInThread(this, TaskForm.CALLABLE, task, new Object[0]);
  }

  @Override
  public <A> Thread callInThread(IsolatedFunction<A, ?> task, A a) {
    return Invoker.callInThread(this, TaskForm.FUNCTION, task, new Object[] {a});
  }

  @Override
  public <A, B> Thread callInThread(IsolatedBiFunction<A, B, ?> task, A a, B b) {
    return Invoker.callInThread(this, TaskForm.BI_FUNCTION, task, new Object[] {a, b});
  }

  @Override
  public <A, B, C> Thread callInThread(IsolatedTriFunction<A, B, C, ?> task, A a, B b, C c) {
    return Invoker.callInThread(this, TaskForm.TRI_FUNCTION, task, new Object[] {a, b, c});
  }

  @Override
  public Thread callInThread(IsolatedRunnable task) {
    return Invoker.callInThread(this, TaskForm.RUNNABLE, task, new Object[0]);
  }

  @Override
  public <A> Thread callInThread(IsolatedConsumer<A> task, A a) {
    return Invoker.callInThread(this, TaskForm.CONSUMER, task, new Object[] {a});
  }

  @Override
  public <A, B> Thread callInThread(IsolatedBiConsumer<A, B> task, A a, B b) {
    return Invoker.callInThread(this, TaskForm.BI_CONSUMER, task, new Object[] {a, b});
  }

  @Override
  public <A, B, C> Thread callInThread(IsolatedTriConsumer<A, B, C> task, A a, B b, C c) {
    return Invoker.callInThread(this, TaskForm.TRI_CONSUMER, task, new Object[] {a, b, c});
  }

  @Override
  public <A, B, C, D> Thread callInThread(IsolatedQuadFunction<A, B, C, D, ?> task, A a, B b, C c, D d) {
    return Invoker.callInThread(this, TaskForm.QUAD_FUNCTION, task, new Object[] {a, b, c, d});
  }

  @Override
  public <A, B, C, D> Thread callInThread(IsolatedQuadConsumer<A, B, C, D> task, A a, B b, C c, D d) {
    return Invoker.callInThread(this, TaskForm.QUAD_CONSUMER, task, new Object[] {a, b, c, d});
  }

  @Override
  public <A, B, C, D, E> Thread callInThread(IsolatedPentaFunction<A, B, C, D, E, ?> task, A a, B b, C c, D d, E e) {
    return Invoker.callInThread(this, TaskForm.PENTA_FUNCTION, task, new Object[] {a, b, c, d, e});
  }

  @Override
  public <A, B, C, D, E> Thread callInThread(IsolatedPentaConsumer<A, B, C, D, E> task, A a, B b, C c, D d, E e) {
    return Invoker.callInThread(this, TaskForm.PENTA_CONSUMER, task, new Object[] {a, b, c, d, e});
  }

  @Override
  public <A, B, C, D, E, F> Thread callInThread(IsolatedHexaFunction<A, B, C, D, E, F, ?> task, A a, B b, C c, D d, E e, F f) {
    return Invoker.callInThread(this, TaskForm.HEXA_FUNCTION, task, new Object[] {a, b, c, d, e, f});
  }

  @Override
  public <A, B, C, D, E, F> Thread callInThread(IsolatedHexaConsumer<A, B, C, D, E, F> task, A a, B b, C c, D d, E e, F f) {
    return Invoker.callInThread(this, TaskForm.HEXA_CONSUMER, task, new Object[] {a, b, c, d, e, f});
  }

  @Override
  public IsolateUsage usage() {
    long s = state.get();
    ClassLoader own = loader;
    if (s >= CLOSED || own == null) {
      throw new IsolateNotFoundException(id);
    }
    int loaded = own instanceof IsolateClassLoader ? ((IsolateClassLoader) own).definedClasses() : 0;
    boolean accounted = control != null && control.isAccounted();
    int inside = control == null ? (int) (s & THREADS) : control.threadsInsideCount();
    return new IsolateUsage(((s & ~CLOSED) >>> 21) + callsOverflow.get(), failedCalls.get(), inside,
        loaded, accounted, accounted ? control.cpuTime() : Duration.ZERO, accounted ? control.allocatedBytes() : 0);
  }

  @Override
  public Object exec(String statements) {
    return exec(statements, false);
  }

  @Override
  public String execToString(String statements) {
    return (String) exec(statements, true);
  }

  /**
   * Compiles statements into a class of this isolate's loader, then runs them as a call.
   *
   * @param asText whether to return the value's {@code toString()}, made inside the isolate, instead of a copy
   */
  private Object exec(String statements, boolean asText) {
    Objects.requireNonNull(statements, "statements");
    ClassLoader own = loader;
    if (own == null) {
      throw new IsolateNotFoundException(id);
    }
    // Compiled before entering, so that a compile error counts as no call; if the isolate closes meanwhile, enter
    // fails and the class defined in its loader goes with it.
    return Invoker.exec(this, StatementCompiler.compile(statements, own, label()), asText);
  }

  @Override
  public Optional<String> name() {
    return Optional.ofNullable(name);
  }

  /** Counts the calling thread as executing inside; every successful enter is paired with one leave. */
  @Override
  public void enter() {
    long s;
    do {
      s = state.get();
      if (s >= CLOSED) {
        throw new IsolateNotFoundException(id);
      }
      if (control != null) {
        requireRoom(s);
      }
    } while (!state.compareAndSet(s, s + 1));
  }

  /** Refuses a call into an exhausted isolate, or one that would pass the {@code threads} limit. */
  private void requireRoom(long s) {
    if (control.isExhausted()) {
      throw new ExecutionCancelledException(CancelReason.CPU_TIME,
          TaskFailures.describe(new IsolateException(label() + " refused the call: its tasks used more than its"
              + " cpuTime limit, " + control.limits().cpuTime().orElseThrow() + ", and it runs no more tasks;"
              + " close it")));
    }
    if (threadsLimit > 0 && (s & THREADS) + control.startedThreads() >= threadsLimit) {
      throw new IsolateException(label() + " refused the call: its limit threads=" + threadsLimit + " is reached"
          + " (" + ((s & THREADS) + control.startedThreads()) + " threads execute inside it); call again when one"
          + " has left, or raise the limit");
    }
  }

  /** The isolate's control, or null for main. */
  @Override
  public IsolateControl control() {
    return control;
  }

  /** Counts the calling thread out again, and the call it made as ended. */
  @Override
  public void leave(boolean failed) {
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

  /** The task code resolved in this isolate. */
  @Override
  public ResolvedTasks resolvedTasks() {
    return resolvedTasks;
  }

  @Override
  public String nextThreadName() {
    return threadNamePrefix() + "-thread-" + threadNumber.incrementAndGet();
  }

  /** What the names of the threads the runtime starts for this isolate begin with: {@code isolate-3-parser}. */
  private String threadNamePrefix() {
    return "isolate-" + id + (name == null ? "" : "-" + name);
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
