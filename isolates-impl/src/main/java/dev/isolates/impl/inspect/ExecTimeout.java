package dev.isolates.impl.inspect;

import dev.isolates.ExecutionCancelledException;
import dev.isolates.IsolateException;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The bound on one remote exec (the beans' {@code exec}, which the attach command calls): once the statements are
 * compiled and about to run, a timer thread of this JVM waits out the timeout, then stops what the exec's thread
 * executes inside the isolate, as {@code Isolate.cancel(Thread, Duration)} does, code that never checks a flag
 * included; the isolate's other tasks run on. The JVM that runs the statements stops them itself, so the stop
 * happens even when the JMX client that asked for the exec is gone (an attach command killed halfway).
 *
 * <p>Once the timeout has passed, the timer asks again, at growing intervals up to a second, until the exec ends:
 * a thread that had not quite entered the isolate when the time ran out, or that code of the JDK kept blocked
 * through the first interrupt, is stopped at the next ask. Ending the bound under its lock, as the exec returns or
 * throws, makes sure that no ask reaches what the thread does next; an interrupt that an ask sent as the thread was
 * leaving is cleared then, so that the thread (a JMX connection's, which serves the client's next request) does not
 * carry it on.
 */
final class ExecTimeout {
  private static final long FIRST_RETRY_MILLIS = 10;
  private static final long LAST_RETRY_MILLIS = 1_000;

  private final InspectedIsolate isolate;
  private final Thread thread;
  private final long timeoutMillis;
  /** The next stop or ask; guarded by this. */
  private ScheduledFuture<?> next;
  /** Whether the timeout has passed; guarded by this. */
  private boolean passed;
  /** Whether the exec has ended; guarded by this. */
  private boolean ended;

  private ExecTimeout(InspectedIsolate isolate, Thread thread, long timeoutMillis) {
    this.isolate = isolate;
    this.thread = thread;
    this.timeoutMillis = timeoutMillis;
  }

  /**
   * Runs statements in the calling thread inside the isolate, as {@link InspectedIsolate#execToString} does, and
   * stops them once they have run for {@code timeoutMillis}; the time their compile takes does not count.
   *
   * @param isolate the isolate, not main, whose code cannot be stopped
   * @param statements Java statements
   * @param timeoutMillis how long they may run, in milliseconds, above 0
   * @return the text of the value they return, or null
   * @throws TimeoutException if they ran past the timeout and were stopped
   * @throws RuntimeException as {@link InspectedIsolate#execToString} throws it
   */
  static String execToString(InspectedIsolate isolate, String statements, long timeoutMillis)
      throws TimeoutException {
    ExecTimeout timeout = new ExecTimeout(isolate, Thread.currentThread(), timeoutMillis);
    StatementCompiler.whenCompiled(timeout::start);
    try {
      return isolate.execToString(statements);
    } catch (ExecutionCancelledException e) {
      if (timeout.end()) {
        throw new TimeoutException("the statements ran past their timeout of " + timeoutMillis + " ms in isolate "
            + isolate.id() + " and were stopped; give them more time");
      }
      throw e;
    } finally {
      StatementCompiler.whenCompiled(null); // if no compile ran it (a compile error, say)
      if (timeout.end()) {
        Thread.interrupted(); // a stop's interrupt may land just after the thread left the isolate: drop it
      }
    }
  }

  /** Starts the clock; called by the exec's thread once the statements are compiled. */
  private synchronized void start() {
    if (!ended) {
      next = Timer.EXECUTOR.schedule(() -> stop(FIRST_RETRY_MILLIS), timeoutMillis, TimeUnit.MILLISECONDS);
    }
  }

  /** Stops the exec's thread inside the isolate, then asks again later, until the exec ends; on the timer. */
  private synchronized void stop(long retryMillis) {
    if (ended) {
      return;
    }
    passed = true;
    try {
      isolate.cancel(thread, Duration.ZERO); // does not wait: the timer serves every exec
    } catch (IsolateException closed) {
      return; // closed, so nothing runs inside it any more
    }
    next = Timer.EXECUTOR.schedule(() -> stop(Math.min(retryMillis * 2, LAST_RETRY_MILLIS)), retryMillis,
        TimeUnit.MILLISECONDS);
  }

  /**
   * Ends the bound as the exec returns or throws; has no effect the second time.
   *
   * @return whether the timeout had passed
   */
  private synchronized boolean end() {
    ended = true;
    if (next != null) {
      next.cancel(false); // removed from the timer's queue, so that it keeps nothing of the isolate
      next = null;
    }
    return passed;
  }

  /**
   * The timer: one daemon thread, started with the first bounded exec, that never runs inside an isolate (it
   * inherits nothing from the thread that starts it, and its context class loader is the system's).
   */
  private static final class Timer {
    static final ScheduledThreadPoolExecutor EXECUTOR = new ScheduledThreadPoolExecutor(1, Timer::newThread);

    static {
      EXECUTOR.setRemoveOnCancelPolicy(true);
    }

    private static Thread newThread(Runnable task) {
      Thread thread = new Thread(null, task, "isolates-exec-timeout", 0, false);
      thread.setContextClassLoader(ClassLoader.getSystemClassLoader());
      thread.setDaemon(true);
      return thread;
    }
  }
}
