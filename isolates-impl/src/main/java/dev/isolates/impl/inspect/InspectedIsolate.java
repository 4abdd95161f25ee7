package dev.isolates.impl.inspect;

import dev.isolates.IsolateUsage;
import dev.isolates.Whence;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * An isolate as the management beans see it: what they show and the operations they offer. The runtime's state
 * object implements it; a closed isolate's bean is unregistered, so none of these is called long after close.
 */
public interface InspectedIsolate {
  /**
   * Returns the isolate's id.
   *
   * @return 0 for main
   */
  long id();

  /**
   * Returns the name the isolate was configured with.
   *
   * @return the name, or empty when unnamed
   */
  Optional<String> name();

  /**
   * Tells how the isolate came to exist.
   *
   * @return {@code RUNTIME} for main, {@code API} or {@code POOL}
   */
  Whence whence();

  /**
   * Tells whether a thread executes inside the isolate now.
   *
   * @return always true for main
   */
  boolean isRunning();

  /**
   * Returns what the isolate has used so far.
   *
   * @return a snapshot
   * @throws dev.isolates.IsolateNotFoundException if it was closed
   */
  IsolateUsage usage();

  /**
   * Returns the live threads that execute inside the isolate now.
   *
   * @return a new list, possibly empty
   */
  List<Thread> threadsInside();

  /**
   * Stops every task inside, as {@code Isolate.cancel} does.
   *
   * @param timeout how long to wait for the threads inside to leave
   * @return true if no thread is inside when it returns
   */
  boolean cancel(Duration timeout);

  /**
   * Stops what one thread executes inside the isolate, as {@code Isolate.cancel(Thread, Duration)} does, and
   * leaves its other tasks running.
   *
   * @param thread the thread to stop, not the calling one
   * @param timeout how long to wait for it to leave; zero means do not wait
   * @return true if the thread was not inside when it returned
   * @throws dev.isolates.IsolateException if this is main, whose code cannot be stopped
   * @throws dev.isolates.IsolateNotFoundException if the isolate was closed
   */
  boolean cancel(Thread thread, Duration timeout);

  /**
   * Runs statements as {@code Isolate.exec} does, and returns the text of their value, made inside the isolate by
   * its {@code toString()}, so that a value that could not be copied out can still be shown.
   *
   * @param statements Java statements, with leading {@code import} lines if needed
   * @return the value's {@code toString()}, or null when the statements return nothing or null
   * @throws IllegalArgumentException if they do not compile
   * @throws dev.isolates.ExecutionFailedException if they, or the value's {@code toString()}, throw
   * @throws UnsupportedOperationException if the running JDK has no Java compiler
   * @throws dev.isolates.IsolateNotFoundException if the isolate was closed
   */
  String execToString(String statements);
}
