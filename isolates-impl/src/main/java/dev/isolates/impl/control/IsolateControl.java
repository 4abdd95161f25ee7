package dev.isolates.impl.control;

import dev.isolates.CancelReason;
import dev.isolates.IsolateException;
import dev.isolates.IsolateLimits;
import dev.isolates.impl.loader.IsolateClassLoader;
import dev.isolates.impl.loader.IsolateHooks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

/**
 * The control of one isolate: what its rewritten code's polls ask ({@link #stop()}), its cancellation, its
 * limits, what it has used, the threads its code started, its own fork/join pool, and the shutdown hooks its code
 * registered. One per isolate but main, given to the isolate's class loader as its {@link IsolateHooks}.
 *
 * <h2>Who is inside</h2>
 * A thread is inside the isolate while it is in a call into it (at any depth: a thread inside A that called into B
 * is inside both), while it is a thread the isolate's code started and alive (see {@link StartedThreads}), and
 * while it runs work of the isolate's fork/join pool ({@link IsolateForkJoin}). The owner counts the calls; this
 * class finds the rest.
 *
 * <h2>Stopping</h2>
 * {@code cancel} moves the isolate's cancel epoch on and sets the hooks' pending flag, so that every poll of the
 * isolate asks {@link #stop()}, which throws {@link TaskStopped} in the threads that entered before the cancel
 * (see {@link ThreadFrame}) and returns in the others. It sets the flag of every isolate that a thread inside
 * called into as well, since the code running there polls that isolate's flag; it interrupts the threads inside,
 * so that those blocked in the JDK wake; and it shuts the fork/join pool down, so that work handed to it and not
 * started yet never starts. The flag is cleared once no thread is inside: from then on a poll is a volatile read
 * again. The watchdog, and {@link #cancel(Thread, long)}, stop a single call the same way, and a spent CPU time
 * exhausts the isolate: then every task inside stops and every later call is refused.
 */
public final class IsolateControl extends IsolateHooks {
  /** What the owner tells the control: how many threads are in calls into the isolate now. */
  @FunctionalInterface
  public interface Calls {
    /** The number of threads in a call into the isolate now, nested calls included. */
    int inside();
  }

  /** Told of each stop as it starts: a cancel, a limit that stopped a call, a spent CPU time. */
  @FunctionalInterface
  public interface StopListener {
    void stopped(long isolateId, CancelReason reason);
  }

  private final Object owner;
  private final long id;
  private final String label;
  final IsolateLimits limits;
  /** Whether CPU time and allocated bytes are measured. */
  final boolean accounted;
  /** Whether the watchdog must look at the threads inside: accounted, or limited in time. */
  final boolean watched;
  private final AtomicLong cancelEpoch = new AtomicLong();
  private volatile boolean exhausted;
  private final LongAdder cpuNanos = new LongAdder();
  private final LongAdder allocatedBytes = new LongAdder();
  /** The shutdown hooks the isolate's code registered, in order; guarded by itself. */
  private final Set<Thread> shutdownHooks = new LinkedHashSet<>();
  /** Whether the close took the hooks to run them; guarded by {@link #shutdownHooks}. */
  private boolean hooksTaken;
  private final Calls calls;
  private final StopListener stops;
  final StartedThreads threads = new StartedThreads(this);
  private final IsolateForkJoin forkJoin;
  /** The isolate's loader, set once it exists; null again once the isolate is closed. */
  private volatile IsolateClassLoader loader;

  /**
   * Creates the control of an isolate.
   *
   * @param owner the isolate's state object, for the invoker
   * @param id the isolate's id, for the stop listener
   * @param label names the isolate in messages
   * @param threadName the prefix of the names of the threads the runtime starts for the isolate
   * @param limits what its tasks may use
   * @param accounted whether to measure CPU time and allocated bytes
   * @param calls counts the threads in calls into the isolate
   * @param stops told of every stop
   */
  public IsolateControl(Object owner, long id, String label, String threadName, IsolateLimits limits,
      boolean accounted, Calls calls, StopListener stops) {
    this.owner = owner;
    this.id = id;
    this.label = label;
    this.limits = limits;
    this.accounted = accounted;
    this.watched = accounted || limits.callTimeout().isPresent();
    this.calls = calls;
    this.stops = stops;
    this.forkJoin = new IsolateForkJoin(this, threadName);
  }

  /** Tells the control the isolate's class loader, once it exists: the loader of the threads it starts. */
  public void loader(IsolateClassLoader loader) {
    this.loader = loader;
    threads.loader(loader);
    forkJoin.loader(loader);
  }

  /** Returns the isolate's state object. */
  public Object owner() {
    return owner;
  }

  public IsolateLimits limits() {
    return limits;
  }

  public long cancelEpoch() {
    return cancelEpoch.get();
  }

  public boolean isExhausted() {
    return exhausted;
  }

  public boolean isAccounted() {
    return accounted;
  }

  public Duration cpuTime() {
    return Duration.ofNanos(cpuNanos.sum());
  }

  public long allocatedBytes() {
    return allocatedBytes.sum();
  }

  void addAllocated(long bytes) {
    if (bytes > 0) {
      allocatedBytes.add(bytes);
    }
  }

  /** Adds CPU time the watchdog saw a thread use inside; exhausts the isolate once past its limit. */
  void addCpu(long nanos) {
    if (nanos <= 0) {
      return;
    }
    cpuNanos.add(nanos);
    if (!exhausted && limits.cpuTime().isPresent() && cpuNanos.sum() > limits.cpuTime().get().toNanos()) {
      exhausted = true;
      requestPolls();
      interruptThreadsInside(Long.MAX_VALUE);
      stops.stopped(id, CancelReason.CPU_TIME);
    }
  }

  // ---------------------------------------------------------------------------------------------- who is inside

  /** Whether no thread is inside: no call in progress, no started thread alive, no work in its pool. */
  public boolean isIdle() {
    return calls.inside() == 0 && threads.alive().isEmpty() && forkJoin.isIdle();
  }

  /** The live threads inside now: in calls (at any depth), started by its code, working in its pool. */
  public List<Thread> threadsInside() {
    Set<Thread> inside = new LinkedHashSet<>();
    for (ThreadFrame frame : ThreadFrame.inside(this)) {
      if (!forkJoin.isWorker(frame.thread)) { // an idle worker runs nothing of the isolate
        inside.add(frame.thread);
      }
    }
    inside.addAll(threads.alive());
    // Counted work first, then the pool itself: a piece of work that entered it uncounted shows here.
    if (!forkJoin.isIdle() || !forkJoin.isQuiescent()) {
      inside.addAll(forkJoin.workers());
    }
    return new ArrayList<>(inside);
  }

  /** How many threads its code started are alive, without a census: for the threads limit of a call. */
  public int startedThreads() {
    return threads.count();
  }

  /** How many threads are inside now: in calls, started and alive, working in its pool. */
  public int threadsInsideCount() {
    return calls.inside() + threads.alive().size() + forkJoin.active();
  }

  /**
   * Refuses a stop or close that a thread inside the isolate asks for: it would wait for itself.
   *
   * @param what what was asked, for the message: {@code "close"}, {@code "cancel"}, {@code "terminate"}
   * @throws IllegalStateException if the calling thread is inside the isolate
   */
  public void requireOutside(String what) {
    if (ThreadFrame.current().isInside(this)) {
      throw new IllegalStateException("cannot " + what + " " + label + " from inside it: the calling thread"
          + " executes inside it and would wait for itself; " + what + " it from a thread outside it");
    }
  }

  // ---------------------------------------------------------------------------------------------- the polls

  /** Throws in the current thread if it must stop running this isolate's code. */
  @Override
  public void stop() {
    CancelReason reason = ThreadFrame.current().reasonToStop(this);
    if (reason != null) {
      throw new TaskStopped(reason, why(reason));
    }
  }

  /** The message of a stop: what stopped the task. */
  String why(CancelReason reason) {
    switch (reason) {
      case CANCEL:
        return "the task was stopped by a cancel or terminate of " + label;
      case CALL_TIMEOUT:
        return "the task ran longer than the callTimeout of " + label + ", " + limits.callTimeout().orElseThrow();
      case CALL_ALLOCATION:
        return "the task allocated more than the callAllocatedBytes of " + label + ", "
            + limits.callAllocatedBytes().orElseThrow() + " bytes";
      default:
        return "the tasks of " + label + " used more than its cpuTime, " + limits.cpuTime().orElseThrow()
            + "; it runs no more tasks until it is closed";
    }
  }

  /** Makes every poll ask {@link #stop()} until the isolate is idle. */
  void requestPolls() {
    setPending(true);
  }

  /** Called when a thread leaves the isolate while polls are requested: they end once no thread is inside. */
  public void afterLeave() {
    long epoch = cancelEpoch.get();
    if (!exhausted && isIdle()) {
      setPending(false);
      // A stop that began while this looked (a cancel, or one call's) set the flag before this cleared it: its
      // thread entered after the look. Set it again; the thread's own leave clears it.
      if (cancelEpoch.get() != epoch || calls.inside() != 0) {
        setPending(true);
      }
    }
  }

  /** Tells the stop listener that the watchdog stopped a call for a limit. */
  void stoppedByLimit(CancelReason reason) {
    stops.stopped(id, reason);
  }

  /**
   * Stops every task executing inside now and waits until no thread is inside, or the deadline.
   *
   * @param deadline a {@link System#nanoTime()} value
   * @return whether no thread was inside at the end
   */
  public boolean cancel(long deadline) {
    threads.census(); // the JDK's threads for the isolate count as entered before this cancel, which stops them
    long epoch = cancelEpoch.incrementAndGet();
    requestPolls(); // volatile, before the frames are read: see ThreadFrame
    forkJoin.stop();
    interruptThreadsInside(epoch);
    stops.stopped(id, CancelReason.CANCEL);
    for (long pause = 10_000; !isIdle(); pause = Math.min(pause * 2, 1_000_000)) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      LockSupport.parkNanos(Math.min(pause, left));
      requestPolls(); // in case a leave that looked before this cancel cleared the flag after it was set
      interruptThreadsInside(epoch); // a thread that caught the interrupt and blocked again in the JDK wakes again
    }
    afterLeave();
    return true;
  }

  /**
   * Stops what one thread executes inside the isolate now, its calls into it and what they called, and waits until
   * it is no longer inside, or the deadline. The isolate's other tasks go on.
   *
   * @param deadline a {@link System#nanoTime()} value
   * @return whether the thread was not inside at the end
   */
  public boolean cancel(Thread thread, long deadline) {
    ThreadFrame frame = frameInside(thread);
    if (frame == null) {
      return true;
    }
    int level = frame.publishedLevelOf(this);
    if (level < 0) {
      return true;
    }
    long call = frame.publishedCallAt(level);
    if (frame.requestStop(call, CancelReason.CANCEL, this)) {
      stops.stopped(id, CancelReason.CANCEL);
    }
    // Until that call has ended: the thread's later calls are not this cancel's.
    for (long pause = 10_000; frame.publishedLevelOf(call) >= 0 && thread.isAlive();
        pause = Math.min(pause * 2, 1_000_000)) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      LockSupport.parkNanos(Math.min(pause, left));
      frame.interruptIfIn(call);
    }
    return true;
  }

  /**
   * Stops one call a thread made into the isolate, if it still runs, and returns at once; for a pool's task. The
   * thread's later calls are not touched.
   *
   * @param call the call's number in the thread's frame, from {@link ThreadFrame#nextCall()}
   */
  public void cancel(ThreadFrame frame, long call) {
    if (frame.requestStop(call, CancelReason.CANCEL, this)) {
      stops.stopped(id, CancelReason.CANCEL);
    }
  }

  /** The frame of a thread inside the isolate, made for a started thread that has none yet; or null. */
  private ThreadFrame frameInside(Thread thread) {
    ThreadFrame frame = ThreadFrame.of(thread);
    if (frame == null && threads.alive().contains(thread)) {
      frame = threads.adopt(thread, cancelEpoch());
    }
    return frame != null && frame.publishedLevelOf(this) >= 0 ? frame : null;
  }

  /**
   * Wakes the threads that entered before {@code epoch} and are still inside (threads the isolate started and its
   * pool's workers included: they have frames inside it too) when they are blocked in the JDK, and makes the polls
   * of the isolates they called into ask too; their next poll in the isolate's code stops them. Threads that
   * entered later are not this stop's.
   */
  private void interruptThreadsInside(long epoch) {
    Thread self = Thread.currentThread();
    for (ThreadFrame frame : ThreadFrame.inside(this)) {
      frame.requestPollsAbove(frame.publishedLevelOf(this));
      if (frame.thread != self) {
        frame.interruptIfEnteredBefore(this, epoch);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------- threads it starts

  /**
   * Counts a thread the isolate's code is about to start as inside it, or refuses it under the {@code threads}
   * limit: the threads in calls and those started and alive count, so under {@code threads(7)} code in a call can
   * start six.
   */
  @Override
  public void threadStarting(Thread thread) {
    if (threads.contains(thread)) {
      return; // made by a factory that announced it already
    }
    int limit = limits.threads().orElse(0);
    if (limit > 0) {
      int inside = calls.inside() + threads.count();
      if (inside + 1 > limit) {
        throw new IsolateException(label + " refused to start thread '" + thread.getName() + "': its limit"
            + " threads=" + limit + " is reached (" + inside + " threads execute inside it); start it once one has"
            + " ended, or raise the limit");
      }
    }
    threads.adopt(thread, ThreadFrame.entryEpoch(this));
  }

  @Override
  public void threadNotStarted(Thread thread) {
    threads.forget(thread);
  }

  @Override
  public ThreadFactory threadFactory(ThreadFactory factory) {
    return runnable -> {
      Thread thread = factory.newThread(runnable);
      if (thread != null) {
        threadStarting(thread);
      }
      return thread;
    };
  }

  @Override
  public ForkJoinPool forkJoinPool() {
    return forkJoin.pool();
  }

  // ---------------------------------------------------------------------------------------------- exits and hooks

  @Override
  public void exit(int status) {
    throw new TaskExit(status);
  }

  /** Keeps a shutdown hook of the isolate's code, to run when the isolate closes; the same checks as the JDK's. */
  @Override
  public void addShutdownHook(Thread hook) {
    if (hook.isAlive()) {
      throw new IllegalArgumentException("Hook already running");
    }
    synchronized (shutdownHooks) {
      if (hooksTaken) {
        throw new IllegalStateException("Shutdown in progress"); // as the JDK says once its hooks run
      }
      if (!shutdownHooks.add(hook)) {
        throw new IllegalArgumentException("Hook previously registered");
      }
    }
  }

  @Override
  public boolean removeShutdownHook(Thread hook) {
    synchronized (shutdownHooks) {
      return shutdownHooks.remove(hook);
    }
  }

  /** Takes the shutdown hooks the isolate's code registered, to run them at its close; later ones are refused. */
  public List<Thread> takeShutdownHooks() {
    synchronized (shutdownHooks) {
      hooksTaken = true;
      List<Thread> hooks = new ArrayList<>(shutdownHooks);
      shutdownHooks.clear();
      return hooks;
    }
  }

  /**
   * Releases what the isolate holds once it is closed and no thread is inside: runs its shutdown hooks, releases
   * what the JDK holds for it (see {@link Closing}), closes the server sockets its code left open, and shuts its
   * idle fork/join pool down.
   */
  public void closed() {
    Closing.release(label, loader, this);
    closeServers();
    forkJoin.close();
    threads.loader(null);
    loader = null;
  }

  /** Names threads for messages: {@code 'a', 'b'}. */
  public static String names(List<Thread> threads) {
    return threads.stream().map(IsolateControl::name).collect(Collectors.joining(", "));
  }

  /** A thread's name, or what it is where it has none, as virtual threads have none by default. */
  private static String name(Thread thread) {
    return thread.getName().isEmpty() ? thread.toString() : "'" + thread.getName() + "'";
  }

  @Override
  public String toString() {
    return "IsolateControl[" + label + (exhausted ? ", exhausted" : "") + ']';
  }
}
