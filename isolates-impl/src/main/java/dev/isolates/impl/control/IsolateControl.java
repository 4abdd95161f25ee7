package dev.isolates.impl.control;

import dev.isolates.CancelReason;
import dev.isolates.IsolateLimits;
import dev.isolates.impl.inspect.Flight;
import dev.isolates.impl.loader.IsolateHooks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * The control of one isolate: what its rewritten code's polls ask ({@link #stop()}), its cancellation, its
 * limits, what it has used, and the shutdown hooks its code registered. One per isolate but main, given to the
 * isolate's class loader as its {@link IsolateHooks}.
 *
 * <h2>Stopping</h2>
 * {@code cancel} moves the isolate's cancel epoch on and sets the hooks' pending flag, so that every poll of the
 * isolate asks {@link #stop()}, which throws {@link TaskStopped} in the threads that entered before the cancel
 * (see {@link ThreadFrame}) and returns in the others. It interrupts the threads inside, so that those blocked in
 * the JDK wake. The flag is cleared once no thread is inside: from then on a poll is a volatile read again. The
 * watchdog stops a single call the same way for a limit, and exhausts the isolate once its CPU time is spent:
 * then every task inside stops and every later call is refused.
 */
public final class IsolateControl extends IsolateHooks {
  /** What the invoker should know of the isolate, to stop its threads and count them. */
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
  /** Which threads are inside, as the owner counts them. */
  private final Inside inside;

  /** What the owner of a control tells it about the threads inside the isolate. */
  public interface Inside {
    /** Whether no thread executes inside: no call in progress, and no thread its code started is alive. */
    boolean isIdle();

    /** The threads executing inside now: those in calls, and those its code started. */
    List<Thread> threads();
  }

  /**
   * Creates the control of an isolate.
   *
   * @param owner the isolate's state object, for the invoker
   * @param id the isolate's id, for the flight recorder's events
   * @param label names the isolate in messages
   * @param limits what its tasks may use
   * @param accounted whether to measure CPU time and allocated bytes
   * @param inside tells which threads execute inside the isolate now
   */
  public IsolateControl(Object owner, long id, String label, IsolateLimits limits, boolean accounted,
      Inside inside) {
    this.owner = owner;
    this.id = id;
    this.label = label;
    this.limits = limits;
    this.accounted = accounted;
    this.watched = accounted || limits.callTimeout().isPresent();
    this.inside = inside;
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
      interruptThreadsInside();
      recordStop(CancelReason.CPU_TIME);
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
        return "the task was stopped by cancel or terminate of " + label;
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

  /** Records a {@code dev.isolates.Cancel} event, if a flight recording runs. */
  void recordStop(CancelReason reason) {
    Flight.cancelled(id, reason);
  }

  /** Makes every poll ask {@link #stop()} until the isolate is idle. */
  void requestPolls() {
    setPending(true);
  }

  /** Called when a thread leaves the isolate while polls are requested: they end once no thread is inside. */
  public void afterLeave() {
    if (!exhausted && inside.isIdle()) {
      setPending(false);
    }
  }

  /**
   * Stops every task executing inside now and waits until no thread is inside, or the deadline.
   *
   * @param deadline a {@link System#nanoTime()} value
   * @return whether no thread was inside at the end
   */
  public boolean cancel(long deadline) {
    cancelEpoch.incrementAndGet();
    requestPolls();
    interruptThreadsInside();
    recordStop(CancelReason.CANCEL);
    for (long pause = 10_000; !inside.isIdle(); pause = Math.min(pause * 2, 1_000_000)) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      LockSupport.parkNanos(Math.min(pause, left));
      interruptThreadsInside(); // a thread that caught the interrupt and blocked again in the JDK wakes again
    }
    afterLeave();
    return true;
  }

  /** Wakes the threads inside that are blocked in the JDK; their next poll in the isolate's code stops them. */
  private void interruptThreadsInside() {
    Thread self = Thread.currentThread();
    for (Thread thread : inside.threads()) {
      if (thread != self) {
        ThreadFrame.interrupt(thread);
      }
    }
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
      List<Thread> hooks = new ArrayList<>(shutdownHooks);
      shutdownHooks.clear();
      return hooks;
    }
  }

  @Override
  public String toString() {
    return "IsolateControl[" + label + (exhausted ? ", exhausted" : "") + ']';
  }
}
