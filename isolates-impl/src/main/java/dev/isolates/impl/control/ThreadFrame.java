package dev.isolates.impl.control;

import com.google.common.collect.MapMaker;
import dev.isolates.CancelReason;
import dev.isolates.impl.loader.IsolateClassLoader;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Where one thread executes: the isolates it has entered, innermost last, each with the cancel epoch of that
 * isolate when the thread entered (so that a later {@code cancel} stops it, and a call that starts after the cancel
 * does not) and a number for the call (so that a limit, or a cancel of one thread, stops that call alone). A thread
 * inside isolate A that called into B is inside both: whatever stops A's call stops B's code above it too. The
 * thread's own polls read the frame to decide whether to stop; {@code cancel} and the watchdog read what it
 * publishes.
 *
 * <h2>Threads</h2>
 * Only the owning thread changes the stack. Its depth is published with a release store, which costs nothing on
 * the way in and out of a call; other threads read it with an acquire load, and then the entries below it, which
 * may be a moment old: cancel and the watchdog act on threads that stay inside, which they see soon enough.
 *
 * <p>One race needs more: a cancel of A, or a stop of one of the thread's calls, must reach the thread when it
 * enters B from inside A at that very moment, since B's polls ask B alone. So the thread publishes a nested entry
 * with a volatile store and then reads whether any isolate or call below it is being stopped, while the canceller
 * writes that, volatile, and then reads the frames (a Dekker handshake: at least one side sees the other). Entries
 * from main, the common case, need no fence.
 *
 * <h2>Threads started inside an isolate</h2>
 * A thread that an isolate's code starts begins inside that isolate for its whole life, as if it had entered when
 * its starter did: whatever stops its starter stops it, and so does every later cancel. The isolate makes its frame
 * when it learns of the thread ({@link #adopt}); a thread it did not learn of, started by the JDK for its code (a
 * timer, a pool's worker), inherited the isolate's loader as its context class loader and is found by a census,
 * which every cancel runs before it moves the epoch on. The level it starts on is no call: call limits do not
 * apply to it, but its CPU time is the isolate's.
 */
public final class ThreadFrame {
  private static final ThreadLocal<ThreadFrame> FRAMES = ThreadLocal.withInitial(ThreadFrame::ofCurrentThread);
  /**
   * The frames of live threads, for cancel. Weak both ways: a frame refers to its thread, and is otherwise held by
   * the thread alone (or by the isolate that started it), so an ended thread's entry goes.
   */
  private static final Map<Thread, ThreadFrame> LIVE =
      new MapMaker().weakKeys().weakValues().concurrencyLevel(4).makeMap();
  private static final VarHandle DEPTH;
  private static final VarHandle INTERRUPTING;

  static {
    try {
      DEPTH = MethodHandles.lookup().findVarHandle(ThreadFrame.class, "publishedDepth", int.class);
      INTERRUPTING = MethodHandles.lookup().findVarHandle(ThreadFrame.class, "interrupting", int.class);
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
  /** The stack's depth; the owning thread's own view. */
  private int depth;
  /** Whether the outermost level is the isolate the thread was started in, for its whole life, not a call. */
  private final boolean adopted;
  private long callCount;
  /** {@link #depth}, published for other threads; see the class comment. */
  @SuppressWarnings("unused") // through DEPTH
  private int publishedDepth;
  /** The bytes the thread had allocated when it entered the innermost call, if its isolate is accounted. */
  volatile long currentAllocatedAtEntry;

  /** The call that must stop (0: none, as calls count from 1), and why; written by other threads. */
  private volatile CancelReason stopReason;
  private volatile long stopCall;
  /** Whether cancel or the watchdog interrupted the thread, which the invoker then clears. */
  private volatile boolean interruptedByControl;
  /** How many other threads are deciding to interrupt this one now; see {@link #clearControlInterrupt()}. */
  @SuppressWarnings("unused") // through INTERRUPTING
  private int interrupting;

  // The watchdog's bookkeeping of this thread: the watchdog thread's alone, but for lastCpu, which Watchdog.watch
  // writes before it publishes the frame to the watchdog's map.
  long watchedCall = -1;
  long watchedSince;
  long lastCpu = -1;
  /** Whether the watchdog looks at the thread; set by the thread, cleared by the watchdog (see Watchdog). */
  volatile boolean watched;

  private ThreadFrame(Thread thread, IsolateControl startedIn, long epoch) {
    this.thread = thread;
    this.adopted = startedIn != null;
    if (adopted) {
      push(startedIn, epoch);
      DEPTH.setRelease(this, depth);
    }
  }

  private static ThreadFrame ofCurrentThread() {
    Thread thread = Thread.currentThread();
    ThreadFrame adopted = LIVE.get(thread);
    if (adopted != null) {
      return adopted;
    }
    IsolateControl startedIn = controlOf(thread.getContextClassLoader());
    if (startedIn != null) {
      return startedIn.threads.adopt(thread, startedIn.cancelEpoch());
    }
    ThreadFrame frame = new ThreadFrame(thread, null, 0);
    LIVE.put(thread, frame);
    return frame;
  }

  /** The control of the isolate whose loader this is, or null. */
  static IsolateControl controlOf(ClassLoader loader) {
    return loader instanceof IsolateClassLoader && ((IsolateClassLoader) loader).hooks() instanceof IsolateControl
        ? (IsolateControl) ((IsolateClassLoader) loader).hooks() : null;
  }

  /**
   * Returns the frame of a thread that the isolate's code started, or that its code runs in, made inside that
   * isolate if the thread has none yet.
   *
   * @param epoch the cancel epoch the thread counts as having entered at: a cancel after it stops the thread
   */
  static ThreadFrame adopt(Thread thread, IsolateControl startedIn, long epoch) {
    ThreadFrame frame = LIVE.computeIfAbsent(thread, t -> new ThreadFrame(t, startedIn, epoch));
    if (startedIn.watched) {
      Watchdog.watch(frame); // its CPU time is the isolate's
    }
    return frame;
  }

  /** Whether the innermost published level is the isolate the thread was started in rather than a call. */
  boolean publishedOnlyStarted() {
    return adopted && (int) DEPTH.getAcquire(this) == 1;
  }

  /**
   * The cancel epoch at which the calling thread entered the isolate of {@code control} first, or the isolate's
   * epoch now if it is not inside: a thread it starts is stopped by whatever stops it.
   */
  static long entryEpoch(IsolateControl control) {
    ThreadFrame frame = FRAMES.get();
    int level = frame.levelOf(control, frame.depth);
    return level >= 0 ? frame.epochs[level] : control.cancelEpoch();
  }

  /** The frame of a thread, or null if it never had one. */
  static ThreadFrame of(Thread thread) {
    return LIVE.get(thread);
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

  /** The number the thread's next call will have; call from the owning thread. */
  public long nextCall() {
    return callCount + 1;
  }

  /** Whether the thread is inside the isolate of {@code control}, at any depth; call from the owning thread. */
  public boolean isInside(IsolateControl control) {
    return levelOf(control, depth) >= 0;
  }

  /**
   * Enters an isolate; pair with {@link #leave()}.
   *
   * @param control the isolate's control, or null for main
   * @param epoch the isolate's cancel epoch when the call began: a later cancel stops it
   */
  public void enter(IsolateControl control, long epoch) {
    int outer = depth;
    push(control, epoch);
    boolean nested = outer > 0 && control != null;
    boolean watch = control != null && control.watched;
    if (nested || watch) {
      DEPTH.setVolatile(this, depth); // see the class comment, and Watchdog.watch
    } else {
      DEPTH.setRelease(this, depth);
    }
    if (watch) {
      Watchdog.watch(this);
    }
    if (nested && stopRequestedBelow(outer)) {
      control.requestPolls(); // its polls ask it alone: make them ask, and see the stop below
    }
  }

  private void push(IsolateControl control, long epoch) {
    if (depth == controls.length) {
      grow();
    }
    controls[depth] = control;
    epochs[depth] = epoch;
    calls[depth] = ++callCount;
    depth++;
    if (control != null && control.accounted && thread == Thread.currentThread()) {
      measureAllocation();
    }
  }

  /** Notes the bytes the thread has allocated when it entered its innermost call; call from the owning thread. */
  private void measureAllocation() {
    long allocated = Allocation.ofCurrentThread();
    allocatedAtEntry[depth - 1] = allocated;
    currentAllocatedAtEntry = allocated;
  }

  /**
   * Makes the frame of a thread not started yet, which is to run a call into the isolate of {@code control}: it is
   * inside from now on, so that a cancel, or a cancel of that thread, stops its call before it has begun. The
   * thread calls {@link #begin()} first thing, and leaves as from any call.
   */
  public static ThreadFrame forNewThread(Thread thread, IsolateControl control, long epoch) {
    ThreadFrame frame = new ThreadFrame(thread, null, 0);
    frame.push(control, epoch);
    DEPTH.setVolatile(frame, frame.depth);
    LIVE.put(thread, frame);
    return frame;
  }

  /** Completes, in the thread itself, the entry that {@link #forNewThread} made for it. */
  public void begin() {
    IsolateControl control = innermost();
    if (control != null && control.accounted) {
      measureAllocation();
    }
    if (control != null && control.watched) {
      Watchdog.watch(this);
    }
  }

  /** Whether a stop is under way for one of the isolates or calls below {@code level}. */
  private boolean stopRequestedBelow(int level) {
    long stop = stopCall;
    for (int i = 0; i < level; i++) {
      IsolateControl control = controls[i];
      if (calls[i] == stop || (control != null && control.pending())) {
        return true;
      }
    }
    return false;
  }

  /** Leaves the innermost isolate. */
  public void leave() {
    int level = --depth;
    IsolateControl left = controls[level];
    controls[level] = null;
    if (left != null && left.accounted) {
      left.addAllocated(Allocation.ofCurrentThread() - allocatedAtEntry[level]);
    }
    DEPTH.setRelease(this, level);
    IsolateControl outer = level == 0 ? null : controls[level - 1];
    if (outer != null && outer.accounted) {
      currentAllocatedAtEntry = allocatedAtEntry[level - 1];
    }
  }

  /**
   * Tells why the thread must stop running the code of {@code control}, or null if it need not: the thread is
   * inside that isolate, and it or an isolate it entered before (below it, or above) is being stopped: its CPU time
   * is spent, it was cancelled after the thread entered, or one of the thread's calls was stopped.
   */
  CancelReason reasonToStop(IsolateControl control) {
    int level = depth;
    if (levelOf(control, level) < 0) {
      return null; // the code of an isolate the thread is not inside: its own isolate decides
    }
    long stop = stopCall;
    for (int i = 0; i < level; i++) {
      IsolateControl entered = controls[i];
      if (entered == null) {
        continue;
      }
      if (entered.isExhausted()) {
        return CancelReason.CPU_TIME;
      }
      if (epochs[i] < entered.cancelEpoch()) {
        return CancelReason.CANCEL;
      }
      if (calls[i] == stop) {
        return stopReason;
      }
    }
    return null;
  }

  /** Why the innermost call must stop, if it must; for the invoker, when a task ends by any exception. */
  public CancelReason reasonToStopInnermost() {
    IsolateControl innermost = innermost();
    return innermost == null ? null : reasonToStop(innermost);
  }

  /**
   * Clears an interrupt that cancel or the watchdog sent, once the call it was meant for has ended, so that none
   * reaches the code the thread runs next. The caller counted the call out with an atomic operation after the frame
   * published that the thread left, a full fence; an interrupter counts itself in {@link #interrupting} before it
   * reads the frame. So either the interrupter sees the thread gone and sends nothing, or this sees it under way
   * and waits for it to finish before clearing.
   */
  public void clearControlInterrupt() {
    while ((int) INTERRUPTING.getVolatile(this) != 0) {
      Thread.onSpinWait();
    }
    if (interruptedByControl) {
      interruptedByControl = false;
      Thread.interrupted();
    }
  }

  /**
   * Asks the thread to stop {@code call}, made inside {@code control}, and what it called from there: makes the
   * polls of those isolates ask, and wakes the thread if it is blocked in that call.
   *
   * @return whether this is the first request to stop that call
   */
  boolean requestStop(long call, CancelReason reason, IsolateControl control) {
    boolean first = stopCall != call;
    stopReason = reason;
    stopCall = call; // volatile, before the frame is read: see the class comment
    control.requestPolls();
    int level = publishedLevelOf(call);
    if (level >= 0) {
      requestPollsAbove(level);
      interruptIfIn(call);
    }
    return first;
  }

  /** Makes the polls of every isolate the thread entered above {@code level} ask whether it must stop. */
  void requestPollsAbove(int level) {
    int published = (int) DEPTH.getAcquire(this);
    IsolateControl[] entered = controls;
    for (int i = level + 1; i < published && i < entered.length; i++) {
      IsolateControl above = entered[i];
      if (above != null) {
        above.requestPolls();
      }
    }
  }

  /**
   * The level of the thread's stack at which it made {@code call}, as published, or -1 if it has left it. A volatile
   * load: its callers wrote what the thread reads (a stop, a count of interrupters) with a volatile write just
   * before, the other half of a handshake.
   */
  int publishedLevelOf(long call) {
    int published = (int) DEPTH.getVolatile(this);
    long[] made = calls;
    for (int i = 0; i < published && i < made.length; i++) {
      if (made[i] == call) {
        return i;
      }
    }
    return -1;
  }

  /**
   * The outermost level at which the thread is inside {@code control}, as published, or -1 if it is not inside it.
   * For other threads: it may be a moment old.
   */
  int publishedLevelOf(IsolateControl control) {
    return levelOf(control, (int) DEPTH.getVolatile(this));
  }

  /** Whether the thread is inside the isolate of {@code control} since before the cancel that made {@code epoch}. */
  boolean publishedEnteredBefore(IsolateControl control, long epoch) {
    int level = publishedLevelOf(control);
    long[] entered = epochs;
    return level >= 0 && level < entered.length && entered[level] < epoch;
  }

  /** The call the thread made at a level, as published; see {@link #publishedLevelOf(IsolateControl)}. */
  long publishedCallAt(int level) {
    long[] made = calls;
    return level < made.length ? made[level] : -1;
  }

  private int levelOf(IsolateControl control, int below) {
    IsolateControl[] entered = controls;
    for (int i = 0; i < below && i < entered.length; i++) {
      if (entered[i] == control) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Wakes the thread, if it is inside the isolate of {@code control} since before the cancel that made
   * {@code epoch}; see {@link #clearControlInterrupt()}.
   */
  void interruptIfEnteredBefore(IsolateControl control, long epoch) {
    INTERRUPTING.getAndAdd(this, 1); // before the frame is read: see clearControlInterrupt
    try {
      if (publishedEnteredBefore(control, epoch)) {
        interrupt();
      }
    } finally {
      INTERRUPTING.getAndAdd(this, -1);
    }
  }

  /** Wakes the thread, if it is still in {@code call}; see {@link #clearControlInterrupt()}. */
  void interruptIfIn(long call) {
    INTERRUPTING.getAndAdd(this, 1); // before the frame is read: see clearControlInterrupt
    try {
      if (publishedLevelOf(call) >= 0) {
        interrupt();
      }
    } finally {
      INTERRUPTING.getAndAdd(this, -1);
    }
  }

  private void interrupt() {
    interruptedByControl = true;
    thread.interrupt();
  }

  /** Whether the thread is inside a watched isolate at any depth, as published with a volatile load; for the watchdog. */
  boolean insideWatched() {
    int published = (int) DEPTH.getVolatile(this);
    IsolateControl[] entered = controls;
    for (int i = 0; i < published && i < entered.length; i++) {
      IsolateControl control = entered[i];
      if (control != null && control.watched) {
        return true;
      }
    }
    return false;
  }

  /**
   * The outermost level of a call into an isolate with a {@code callTimeout}, as published, or -1; the level a
   * thread started inside sits on is no call. For the watchdog.
   */
  int publishedOutermostTimedLevel() {
    int published = (int) DEPTH.getAcquire(this);
    IsolateControl[] entered = controls;
    for (int i = adopted ? 1 : 0; i < published && i < entered.length; i++) {
      IsolateControl control = entered[i];
      if (control != null && control.limits.callTimeout().isPresent()) {
        return i;
      }
    }
    return -1;
  }

  /** The isolate entered at a level, as published, or null. */
  IsolateControl publishedControlAt(int level) {
    IsolateControl[] entered = controls;
    return level < entered.length ? entered[level] : null;
  }

  /** The innermost isolate, as published; for the watchdog. */
  IsolateControl published() {
    int published = (int) DEPTH.getAcquire(this);
    IsolateControl[] entered = controls;
    return published == 0 || published > entered.length ? null : entered[published - 1];
  }

  /** The innermost call, as published; for the watchdog. */
  long publishedCall() {
    int published = (int) DEPTH.getAcquire(this);
    long[] made = calls;
    return published == 0 || published > made.length ? 0 : made[published - 1];
  }

  /** The frames of live threads that are inside the isolate of {@code control} now, at any depth. */
  static List<ThreadFrame> inside(IsolateControl control) {
    List<ThreadFrame> found = new ArrayList<>();
    for (ThreadFrame frame : LIVE.values()) {
      if (frame.publishedLevelOf(control) >= 0 && frame.thread.isAlive()) {
        found.add(frame);
      }
    }
    return found;
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
    return "ThreadFrame[" + thread.getName() + ", depth " + (int) DEPTH.getAcquire(this) + ']';
  }
}
