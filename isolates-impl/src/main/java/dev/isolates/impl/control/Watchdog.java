package dev.isolates.impl.control;

import com.google.common.collect.MapMaker;
import dev.isolates.CancelReason;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * Watches the threads inside accounted and time-limited isolates, so that no call pays for it: every
 * {@link #TICK_NANOS} it samples each watched thread's CPU time, which it adds to the isolate the thread is inside
 * at that moment (a sampling profiler's estimate: a thread that spends half its time in many short calls is
 * caught inside at half the ticks), stops a call that has run past its isolate's {@code callTimeout} since the
 * watchdog first saw it, or that has allocated past {@code callAllocatedBytes} since it began, and exhausts an
 * isolate whose CPU time is spent.
 *
 * <p>One daemon thread, started with the first watched thread; it inherits nothing from whoever started it, so
 * that it never counts as a thread of an isolate.
 */
final class Watchdog {
  static final long TICK_NANOS = 2_000_000;
  /** The frames of threads that entered a watched isolate; weak both ways, as in ThreadFrame. */
  private static final Map<Thread, ThreadFrame> FRAMES =
      new MapMaker().weakKeys().weakValues().concurrencyLevel(4).makeMap();
  private static volatile Thread thread;

  private Watchdog() {}

  /**
   * Watches a thread from now on; called by the thread itself as it enters a watched isolate, after it published
   * that with a volatile store (the watchdog forgets a thread only after it cleared {@code watched} and then saw it
   * outside every watched isolate, so one of the two sees the other).
   */
  static void watch(ThreadFrame frame) {
    if (frame.watched) {
      return;
    }
    frame.lastCpu = Allocation.cpuTimeOf(frame.thread);
    frame.watched = true;
    FRAMES.put(frame.thread, frame);
    Thread watchdog = thread;
    if (watchdog == null) {
      start();
    } else {
      LockSupport.unpark(watchdog); // it may sleep, with nothing to watch
    }
  }

  /** Whether the watchdog looks at a thread now; for tests. */
  static boolean watches(Thread thread) {
    return FRAMES.containsKey(thread);
  }

  private static synchronized void start() {
    if (thread == null) {
      Thread watchdog = new Thread(null, Watchdog::run, "isolates-watchdog", 0, false);
      watchdog.setContextClassLoader(ClassLoader.getSystemClassLoader());
      watchdog.setDaemon(true);
      watchdog.start();
      thread = watchdog;
    }
  }

  private static void run() {
    while (true) {
      if (FRAMES.isEmpty()) {
        LockSupport.park(); // until a thread enters a watched isolate
      }
      LockSupport.parkNanos(TICK_NANOS);
      long now = System.nanoTime();
      for (ThreadFrame frame : FRAMES.values()) {
        check(frame, now);
      }
    }
  }

  private static void check(ThreadFrame frame, long now) {
    if (!frame.insideWatched()) {
      forget(frame);
      return;
    }
    IsolateControl control = frame.published();
    long cpu = Allocation.cpuTimeOf(frame.thread);
    if (control != null && control.accounted && frame.lastCpu >= 0 && cpu >= 0) {
      control.addCpu(cpu - frame.lastCpu);
    }
    frame.lastCpu = cpu;
    if (control == null || frame.publishedOnlyStarted()) {
      frame.watchedCall = -1; // a thread started inside is no task: no call limit applies to its life
      return;
    }
    checkTimeout(frame, now);
    if (control.limits.callAllocatedBytes().isPresent()) {
      long allocated = Allocation.of(frame.thread) - frame.currentAllocatedAtEntry;
      if (allocated > control.limits.callAllocatedBytes().getAsLong()) {
        stop(frame, frame.publishedCall(), CancelReason.CALL_ALLOCATION, control);
      }
    }
  }

  /**
   * Stops the outermost call into an isolate with a {@code callTimeout} once it has run past it since the watchdog
   * first saw it: the calls it made into other isolates are part of it.
   */
  private static void checkTimeout(ThreadFrame frame, long now) {
    int level = frame.publishedOutermostTimedLevel();
    if (level < 0) {
      frame.watchedCall = -1;
      return;
    }
    IsolateControl timed = frame.publishedControlAt(level);
    long call = frame.publishedCallAt(level);
    if (timed == null) {
      return; // the thread left meanwhile
    }
    if (call != frame.watchedCall) {
      frame.watchedCall = call;
      frame.watchedSince = now;
    } else if (now - frame.watchedSince > timed.limits.callTimeout().orElseThrow().toNanos()) {
      stop(frame, call, CancelReason.CALL_TIMEOUT, timed);
    }
  }

  private static void stop(ThreadFrame frame, long call, CancelReason reason, IsolateControl control) {
    if (frame.requestStop(call, reason, control)) {
      control.stoppedByLimit(reason);
    }
  }

  /**
   * Stops watching a thread that has left every watched isolate, so that it costs nothing until it enters one.
   * The entry is removed before the flag is cleared: a thread that enters meanwhile and finds the flag clear puts
   * itself back; one that finds it still set was seen inside by the check that follows, which puts it back.
   */
  private static void forget(ThreadFrame frame) {
    FRAMES.remove(frame.thread, frame);
    frame.watched = false;
    if (frame.insideWatched()) {
      frame.watched = true; // it entered one meanwhile
      FRAMES.put(frame.thread, frame);
    }
  }
}
