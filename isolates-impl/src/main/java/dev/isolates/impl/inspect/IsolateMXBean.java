package dev.isolates.impl.inspect;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * The management interface of one live isolate, registered as {@code dev.isolates:type=Isolate,id=<id>} in the
 * platform MBean server from its creation until its close, so that JDK Mission Control, VisualVM, jconsole and the
 * attach command ({@code java -jar isolates-impl.jar ps <pid>}) show it.
 *
 * <p>Attributes and operations throw only exceptions of the JDK, with messages that say what went wrong, so that
 * any JMX client can show them without this library's classes. An attribute read while the isolate closes throws
 * {@link IllegalStateException}.
 */
public interface IsolateMXBean {
  /**
   * Returns the isolate's id.
   *
   * @return 0 for main
   */
  long getId();

  /**
   * Returns the isolate's name.
   *
   * @return the configured name, or the empty string when unnamed
   */
  String getName();

  /**
   * Tells how the isolate came to exist.
   *
   * @return {@code RUNTIME} (main), {@code API} or {@code POOL}
   */
  String getWhence();

  /**
   * Tells whether a thread executes inside the isolate now.
   *
   * @return always true for main
   */
  boolean isRunning();

  /**
   * Counts the threads executing inside the isolate now, as {@code Isolate.usage()} does.
   *
   * @return the number of threads
   */
  int getThreadsInside();

  /**
   * Counts the calls and {@code callInThread} tasks that ended.
   *
   * @return the number of calls
   */
  long getCalls();

  /**
   * Counts the calls and tasks that threw.
   *
   * @return the number of failed calls
   */
  long getFailedCalls();

  /**
   * Counts the classes the isolate's own class loader defined.
   *
   * @return the number of classes; 0 for main
   */
  int getLoadedClasses();

  /**
   * Returns the CPU time the isolate's tasks used.
   *
   * @return nanoseconds; 0 unless the isolate is accounted
   */
  long getCpuTimeNanos();

  /**
   * Returns the bytes the isolate's tasks allocated.
   *
   * @return bytes; 0 unless the isolate is accounted
   */
  long getAllocatedBytes();

  /**
   * Returns the ids of the live threads that execute inside the isolate now, for {@link
   * java.lang.management.ThreadMXBean#getThreadInfo(long[], int)} to show their stacks.
   *
   * @return thread ids, possibly none
   */
  long[] getThreadIds();

  /**
   * Stops every task executing inside the isolate, as {@code Isolate.cancel(Duration)} does.
   *
   * @param timeoutMillis how long to wait for the threads inside to leave, in milliseconds
   * @return true if no thread was inside when the operation returned
   */
  boolean cancel(long timeoutMillis);

  /**
   * Runs Java statements inside the isolate, as {@code Isolate.exec} does, for the attach command's {@code exec}
   * (Python's {@code sys.remote_exec}), and stops them once they have run for {@code timeoutMillis}, as
   * {@code Isolate.cancel(Thread, Duration)} stops one thread: this JVM stops them itself, even if the client that
   * asked is gone. Their compile does not count. Refused unless this JVM was started with
   * {@code -Disolates.remoteExec=true} (read once, as the isolates runtime starts in it), and in main, whose code
   * nothing can stop.
   *
   * @param statements Java statements, with leading {@code import} lines if needed
   * @param timeoutMillis how long they may run, in milliseconds, above 0
   * @return the {@code toString()} of the value they return, made inside the isolate; null if they return nothing
   *     or null
   * @throws ExecutionException if they throw; the message is the stack trace, whose first line is the exception's
   *     one-line form
   * @throws TimeoutException if they ran past the timeout and were stopped
   * @throws SecurityException if remote exec is not enabled; the message names the property
   * @throws IllegalArgumentException if the statements do not compile, the message carrying the diagnostics; or if
   *     the timeout is not above 0
   * @throws IllegalStateException if the isolate is main, was closed, or refused the run (its {@code threads} limit
   *     is reached, or its {@code cpuTime} is used up); the message says which
   * @throws UnsupportedOperationException if this JVM has no Java compiler
   */
  String exec(String statements, long timeoutMillis) throws ExecutionException, TimeoutException;
}
