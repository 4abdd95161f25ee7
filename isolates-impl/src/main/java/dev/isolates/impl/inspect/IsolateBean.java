package dev.isolates.impl.inspect;

import dev.isolates.ExecutionFailedException;
import dev.isolates.IsolateException;
import dev.isolates.IsolateNotFoundException;
import dev.isolates.IsolateUsage;
import dev.isolates.Whence;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * The bean of one isolate. Every exception it throws is a new one of a JDK type, without a cause: a JMX client
 * (jconsole, the attach command) has none of this library's classes and could not read one of ours.
 */
final class IsolateBean implements IsolateMXBean {
  /** The system property of the target JVM that allows {@link #exec}, read once as the runtime starts. */
  static final String REMOTE_EXEC = "isolates.remoteExec";

  private final InspectedIsolate isolate;
  /** Whether this JVM allows {@link #exec}, as decided when the runtime started (see {@link Beans}). */
  private final boolean remoteExec;

  IsolateBean(InspectedIsolate isolate, boolean remoteExec) {
    this.isolate = isolate;
    this.remoteExec = remoteExec;
  }

  @Override
  public long getId() {
    return isolate.id();
  }

  @Override
  public String getName() {
    return isolate.name().orElse("");
  }

  @Override
  public String getWhence() {
    return isolate.whence().name();
  }

  @Override
  public boolean isRunning() {
    return isolate.isRunning();
  }

  @Override
  public int getThreadsInside() {
    return usage().threadsInside();
  }

  @Override
  public long getCalls() {
    return usage().calls();
  }

  @Override
  public long getFailedCalls() {
    return usage().failedCalls();
  }

  @Override
  public int getLoadedClasses() {
    return usage().loadedClasses();
  }

  @Override
  public long getCpuTimeNanos() {
    return usage().cpuTime().toNanos();
  }

  @Override
  public long getAllocatedBytes() {
    return usage().allocatedBytes();
  }

  @Override
  public long[] getThreadIds() {
    List<Thread> threads = isolate.threadsInside();
    long[] ids = new long[threads.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = threads.get(i).getId();
    }
    return ids;
  }

  @Override
  public boolean cancel(long timeoutMillis) {
    try {
      return isolate.cancel(Duration.ofMillis(timeoutMillis));
    } catch (IsolateException e) {
      throw new IllegalStateException(e.getMessage());
    }
  }

  @Override
  public String exec(String statements, long timeoutMillis) throws ExecutionException, TimeoutException {
    if (!remoteExec) {
      throw new SecurityException("remote exec is not enabled in this JVM: start it with -D" + REMOTE_EXEC
          + "=true to let the attach command run statements in its isolates");
    }
    if (timeoutMillis <= 0) {
      throw new IllegalArgumentException("exec in isolate " + isolate.id() + ": the timeout must be above 0 ms, but"
          + " was " + timeoutMillis + " ms");
    }
    if (isolate.whence() == Whence.RUNTIME) {
      throw new IllegalStateException("remote exec does not run statements in main (isolate 0): main's code is the"
          + " application's own, which nothing can stop, so no timeout could bound them; exec in another isolate");
    }
    try {
      return ExecTimeout.execToString(isolate, statements, timeoutMillis);
    } catch (ExecutionFailedException e) {
      throw new ExecutionException(e.excInfo().stackTrace(), null);
    } catch (IsolateNotFoundException e) {
      throw closed();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage());
    } catch (UnsupportedOperationException e) {
      throw new UnsupportedOperationException(e.getMessage());
    } catch (IsolateException e) {
      throw new IllegalStateException(e.getMessage());
    }
  }

  private IsolateUsage usage() {
    try {
      return isolate.usage();
    } catch (IsolateNotFoundException e) {
      throw closed();
    }
  }

  private IllegalStateException closed() {
    return new IllegalStateException("isolate " + isolate.id() + " was closed");
  }
}
