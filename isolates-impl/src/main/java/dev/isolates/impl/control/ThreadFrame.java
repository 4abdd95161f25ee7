package dev.isolates.impl.control;

import com.google.common.collect.MapMaker;
import dev.isolates.CancelReason;
import dev.isolates.impl.loader.IsolateClassLoader;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.Map;

/**
 * Where one thread executes: the isolates it has entered through calls, innermost last, each with the cancel
 * epoch of that isolate when the thread entered (so that a later {@code cancel} stops it, and a call that starts
 * after the cancel does not) and a number for the call (so that a limit stops that call alone). The thread's own
 * polls read it to decide whether to stop; {@code cancel} and the watchdog read what it publishes.
 *
 * <h2>Threads</h2>
 * Only the owning thread changes the stack. The innermost isolate and call are published with release stores,
 * which cost nothing on the way in and out of a call; other threads read them with acquire loads, which may see
 * them a moment late: cancel and the watchdog act on threads that stay inside, which they see soon enough. A stop
 * request of the watchdog goes the other way through two volatile fields.
 *
 * <h2>Threads started inside an isolate</h2>
 * A thread that an isolate's code starts inherits the isolate's loader as its context class loader. Its frame,
 * made on its first use, starts inside that isolate, as if entered before any cancel: every cancel stops it.
 */
public final class ThreadFrame {
  private static final ThreadLocal<ThreadFrame> FRAMES = ThreadLocal.withInitial(ThreadFrame::new);
  /**
   * The frames of live threads, for cancel. Weak both ways: a frame refers to its thread, and is otherwise held
   * by the thread alone, so an ended thread's entry goes.
   */
  private static final Map<Thread, ThreadFrame> LIVE =
      new MapMaker().weakKeys().weakValues().concurrencyLevel(4).makeMap();
  private static final VarHandle CURRENT;
  private static final VarHandle CURRENT_CALL;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      CURRENT = lookup.findVarHandle(ThreadFrame.class, "current", IsolateControl.class);
      CURRENT_CALL = lookup.findVarHandle(ThreadFrame.class, "currentCall", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  final Thread thread;
  /** The entered isolates, innermost last; null stands for main. */
  private IsolateControl[] controls = new IsolateControl[4];
  private long[] epochs = new long[4];
  private long[] calls = new long[4];
  private long[] allocatedAtEntry = new long[4];
  private int depth;
  private long callCount;
  /** The innermost isolate; null for main. Published with release stores, read by other threads. */
  @SuppressWarnings("unused") // through CURRENT
  private IsolateControl current;
  @SuppressWarnings("unused") // through CURRENT_CALL
  private long currentCall;
  /** The bytes the thread had allocated when it entered the innermost call, if its isolate is accounted. */
  volatile long currentAllocatedAtEntry;

  /** The call the watchdog asks to stop, and why: written by the watchdog, read by the thread's polls. */
  private volatile CancelReason stopReason;
  private volatile long stopCall = -1;
  /** Whether cancel or the watchdog interrupted the thread, which the invoker then clears. */
  volatile boolean interruptedByControl;

  // The watchdog's own bookkeeping of this thread, touched by the watchdog thread alone.
  long watchedCall = -1;
  long watchedSince;
  long lastCpu = -1;
  boolean watched;

  private ThreadFrame() {
    thread = Thread.currentThread();
    ClassLoader context = thread.getContextClassLoader();
    if (context instanceof IsolateClassLoader && ((IsolateClassLoader) context).hooks() instanceof IsolateControl) {
      enter((IsolateControl) ((IsolateClassLoader) context).hooks(), 0); // started inside: stopped by any cancel
    }
    LIVE.put(thread, this);
  }

  /** The thread whose frame this is. */
  public Thread thread() {
    return thread;
  }

  /** The frame of the calling thread. */
  public static ThreadFrame current() {
    return FRAMES.get();
  }

  /** The innermost isolate the thread has entered, or null for main; call from the owning thread. */
  public IsolateControl innermost() {
    return depth == 0 ? null : controls[depth - 1];
  }

  /**
   * Enters an isolate; pair with {@link #leave()}.
   *
   * @param control the isolate's control, or null for main
   * @param epoch the isolate's cancel epoch when the call began: a later cancel stops it
   */
  public void enter(IsolateControl control, long epoch) {
    if (depth == controls.length) {
      grow();
    }
    long call = ++callCount;
    controls[depth] = control;
    epochs[depth] = epoch;
    calls[depth] = call;
    if (control != null && control.accounted) {
      long allocated = Allocation.ofCurrentThread();
      allocatedAtEntry[depth] = allocated;
      currentAllocatedAtEntry = allocated;
      Watchdog.watch(this);
    } else if (control != null && control.watched) {
      Watchdog.watch(this);
    }
    depth++;
    CURRENT_CALL.setRelease(this, call);
    CURRENT.setRelease(this, control);
  }

  /** Leaves the innermost isolate. */
  public void leave() {
    int level = --depth;
    IsolateControl left = controls[level];
    controls[level] = null;
    if (left != null && left.accounted) {
      left.addAllocated(Allocation.ofCurrentThread() - allocatedAtEntry[level]);
    }
    IsolateControl outer = level == 0 ? null : controls[level - 1];
    CURRENT.setRelease(this, outer);
    CURRENT_CALL.setRelease(this, level == 0 ? 0 : calls[level - 1]);
    if (outer != null && outer.accounted) {
      currentAllocatedAtEntry = allocatedAtEntry[level - 1];
    }
  }

  /**
   * Tells why the thread must stop running the code of {@code control}, or null if it need not: the isolate's
   * CPU time is spent, it was cancelled after the thread entered, or the watchdog stopped this call.
   */
  CancelReason reasonToStop(IsolateControl control) {
    int level = depth - 1;
    if (level < 0 || controls[level] != control) {
      return null; // the code of an isolate the thread is not (innermost) inside: stopped on its way back
    }
    if (control.isExhausted()) {
      return CancelReason.CPU_TIME;
    }
    if (epochs[level] < control.cancelEpoch()) {
      return CancelReason.CANCEL;
    }
    return stopCall == calls[level] ? stopReason : null;
  }

  /** Why the innermost call must stop, if it must; for the invoker, when a task ends by any exception. */
  public CancelReason reasonToStopInnermost() {
    IsolateControl innermost = innermost();
    return innermost == null ? null : reasonToStop(innermost);
  }

  /** Clears an interrupt that cancel or the watchdog sent, once the call it was meant for has ended. */
  public void clearControlInterrupt() {
    if (interruptedByControl) {
      interruptedByControl = false;
      Thread.interrupted();
    }
  }

  /** Asks the thread to stop {@code call}, from the watchdog, and wakes it if it is blocked. */
  void requestStop(long call, CancelReason reason, IsolateControl control) {
    boolean first = stopCall != call;
    stopReason = reason;
    stopCall = call;
    control.requestPolls();
    interrupt();
    if (first) {
      control.recordStop(reason);
    }
  }

  void interrupt() {
    interruptedByControl = true;
    thread.interrupt();
  }

  /** Interrupts a thread for cancel, noting it in its frame if it has one, so that the invoker clears it later. */
  static void interrupt(Thread thread) {
    ThreadFrame frame = LIVE.get(thread);
    if (frame != null) {
      frame.interrupt();
    } else {
      thread.interrupt();
    }
  }

  IsolateControl published() {
    return (IsolateControl) CURRENT.getAcquire(this);
  }

  long publishedCall() {
    return (long) CURRENT_CALL.getAcquire(this);
  }

  private void grow() {
    int length = controls.length * 2;
    controls = Arrays.copyOf(controls, length);
    epochs = Arrays.copyOf(epochs, length);
    calls = Arrays.copyOf(calls, length);
    allocatedAtEntry = Arrays.copyOf(allocatedAtEntry, length);
  }

  @Override
  public String toString() {
    return "ThreadFrame[" + thread.getName() + ", depth " + depth + ']';
  }
}
