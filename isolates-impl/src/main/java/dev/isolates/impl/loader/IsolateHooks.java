package dev.isolates.impl.loader;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.Timer;
import java.util.WeakHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ThreadFactory;

/**
 * What the code of one isolate calls where the class rewriting took out something an isolate must not do on
 * its own: the cancellation polls at method entries, loop back-edges and exception handlers, {@code System.exit}
 * and its relatives, and shutdown hooks. The calls arrive through the isolate's own copy of
 * {@code dev.isolates.guest.Guest}, which holds the hooks of its {@link IsolateClassLoader} in a constant.
 *
 * <p>The runtime supplies one instance per isolate. Subclasses decide what stopping, exiting and shutdown hooks
 * mean; this class keeps the flag that makes a poll cheap and the isolate's thread-local values.
 *
 * <h2>Polls</h2>
 * A poll costs a read of a volatile flag while {@link #pending()} is false. Once the runtime sets it with
 * {@link #setPending}, every poll of every thread in the isolate calls {@link #stop()}, which throws in the
 * threads that must stop and returns in the others; clear the flag when no thread needs stopping any more.
 *
 * <h2>Thread-locals</h2>
 * The isolate's thread-locals are {@link IsolateLocal}s, whose values sit in each thread's map inside a holder
 * registered here. {@link #releaseLocals()} empties them all, so that no thread, however long it lives, keeps
 * the isolate's classes reachable once the isolate is closed.
 *
 * <p>Thread-safe.
 */
public abstract class IsolateHooks {
  /** How long a close waits for a server to stop, which has no thread by then and stops at once. */
  private static final long CLOSE_SERVER_NANOS = 10_000_000_000L;

  /** Written by the runtime, read by every poll; volatile so a spinning thread sees the change promptly. */
  private volatile boolean pending;
  /** Whether the isolate's code used JDBC's DriverManager, whose drivers must then be deregistered at close. */
  private volatile boolean usedJdbc;
  /** Every thread's holder of every IsolateLocal of the isolate; weak, so dead threads' holders go away. */
  private final Set<IsolateLocal.Holder> holders = weakSet();
  /** The IsolateLocals made by {@code ThreadLocal.withInitial}, whose suppliers are the isolate's code. */
  private final Set<IsolateLocal<?>> suppliedLocals = weakSet();
  /** The timers and thread pools the isolate's code created; see {@link #track}. */
  private final Set<Object> threadOwners = weakSet();

  /** For subclasses. */
  protected IsolateHooks() {}

  /** Returns whether some thread of the isolate should stop: the cheap half of every poll. */
  public final boolean pending() {
    return pending;
  }

  /** Makes every poll call {@link #stop()} (true), or return at once again (false). */
  protected final void setPending(boolean pending) {
    this.pending = pending;
  }

  /**
   * Called by a poll while {@link #pending()} is true: throws if the current thread must stop, returns otherwise.
   * The exception passes through the isolate's code like any other; the polls at exception handlers throw it
   * again when the code catches it and carries on.
   */
  public abstract void stop();

  /**
   * Called instead of {@code System.exit}, {@code Runtime.exit} and {@code Runtime.halt}: the isolate's code
   * must not end the JVM. Must throw; the isolate's code never continues after an exit.
   *
   * @param status the status the code passed
   */
  public abstract void exit(int status);

  /** Called instead of {@code Runtime.addShutdownHook}, which would keep the isolate's classes until the JVM ends. */
  public abstract void addShutdownHook(Thread hook);

  /**
   * Called instead of {@code Runtime.removeShutdownHook}.
   *
   * @return whether the hook was registered
   */
  public abstract boolean removeShutdownHook(Thread hook);

  /**
   * Called before the isolate's code starts a thread (directly, through a thread builder, or through a thread
   * factory it uses): counts the thread as inside the isolate from now on, or refuses it.
   *
   * @param thread a thread not started yet
   * @throws dev.isolates.IsolateException if starting it would pass the isolate's {@code threads} limit
   */
  public abstract void threadStarting(Thread thread);

  /** Called when a thread announced by {@link #threadStarting} failed to start. */
  public abstract void threadNotStarted(Thread thread);

  /** Returns a thread factory that makes threads with {@code factory} and announces each to {@link #threadStarting}. */
  public abstract ThreadFactory threadFactory(ThreadFactory factory);

  /** Returns the isolate's own fork/join pool, which stands in for the JVM's common pool in the isolate's code. */
  public abstract ForkJoinPool forkJoinPool();

  /**
   * Remembers what the isolate's code created that runs threads of its own or holds a port: a timer or thread
   * pool, whose threads swallow interrupts and so end only when it is shut down, or a server. Its copy of Guest
   * calls this. Kept weakly: a running one is held by its own threads.
   */
  public final void track(Object owner) {
    threadOwners.add(owner);
  }

  /**
   * Cancels the timers, shuts down the thread pools and stops the servers the isolate's code created, for
   * {@code terminate}: their threads swallow interrupts, so nothing else ends them.
   *
   * @param deadline a {@link System#nanoTime()} value: a server that takes longer to stop is left stopping
   */
  public final void stopThreadOwners(long deadline) {
    for (Object owner : takeTracked()) {
      if (owner instanceof Timer) {
        ((Timer) owner).cancel();
      } else if (owner instanceof ExecutorService) {
        ((ExecutorService) owner).shutdownNow();
      } else {
        Servers.stop(owner, deadline);
      }
    }
  }

  /**
   * Stops the servers the isolate's code created and left open (none runs a thread by now: the close found none
   * alive), for its close: their ports are free afterwards.
   */
  public final void closeServers() {
    for (Object owner : takeTracked()) {
      if (!(owner instanceof Timer) && !(owner instanceof ExecutorService)) {
        Servers.stop(owner, System.nanoTime() + CLOSE_SERVER_NANOS);
      }
    }
  }

  private List<Object> takeTracked() {
    synchronized (threadOwners) {
      List<Object> owners = new ArrayList<>(threadOwners);
      threadOwners.clear();
      return owners;
    }
  }

  /** Notes that the isolate's code uses JDBC; its copy of Guest calls this. */
  public final void noteJdbc() {
    usedJdbc = true;
  }

  /** Tells whether the isolate's code used JDBC's DriverManager, so that its drivers must be deregistered. */
  public final boolean usedJdbc() {
    return usedJdbc;
  }

  /**
   * Empties every thread's value of every thread-local the isolate created, and drops their initial-value
   * suppliers, so that the threads' maps keep nothing of the isolate. Call once the isolate is closed and no
   * thread executes its code: a thread that still did would see its thread-locals empty.
   */
  public final void releaseLocals() {
    synchronized (holders) {
      holders.forEach(IsolateLocal.Holder::release);
      holders.clear();
    }
    synchronized (suppliedLocals) {
      suppliedLocals.forEach(IsolateLocal::releaseSupplier);
      suppliedLocals.clear();
    }
  }

  /** Remembers a thread's new holder, for {@link #releaseLocals()}. */
  final void register(IsolateLocal.Holder holder) {
    holders.add(holder);
  }

  /** Remembers a thread-local with an initial-value supplier, for {@link #releaseLocals()}. */
  final void registerSupplied(IsolateLocal<?> local) {
    suppliedLocals.add(local);
  }

  /**
   * A set that does not keep its elements reachable, by identity since neither element class overrides
   * {@code equals}; synchronized, so iterate holding its lock.
   */
  private static <T> Set<T> weakSet() {
    return Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));
  }

  // ----- What the isolate's code left in JDK caches keyed by class, noted by the rewriting (see JdkCacheNotes)
  // and released when the isolate closes.

  /** Whether the isolate's code used java.beans, whose Introspector caches bean information per class. */
  private volatile boolean usedBeans;
  private final ClassValueEntries classValues = new ClassValueEntries();

  /** Notes that the isolate's code uses {@code java.beans}; its copy of Guest calls this. */
  public final void noteBeans() {
    if (!usedBeans) { // a read, not a write, each time after the first: the calls may be frequent
      usedBeans = true;
    }
  }

  /** Tells whether the isolate's code used {@code java.beans}, so that the Introspector's caches need a flush. */
  public final boolean usedBeans() {
    return usedBeans;
  }

  /** Notes that a {@code ClassValue} computes its value for a class; its copy of Guest calls this. */
  public final void noteClassValue(ClassValue<?> classValue, Class<?> type) {
    classValues.add(classValue, type);
  }

  /**
   * Removes every value the isolate's {@code ClassValue}s computed from the class it is attached to, so that no
   * class, a JDK class included, keeps the isolate's classes reachable. Call once the isolate is closed and no
   * thread executes its code: a value read again would be computed again.
   */
  public final void releaseClassValues() {
    classValues.removeAll();
  }
}
