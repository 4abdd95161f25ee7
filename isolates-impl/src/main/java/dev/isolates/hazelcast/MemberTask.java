package dev.isolates.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import dev.isolates.Isolate;
import dev.isolates.IsolateException;
import dev.isolates.NotShareableException;
import java.time.Duration;

/**
 * One task on the member that runs it, from its arrival to its end, and the code that runs it inside the
 * tenant's isolate.
 *
 * <p>A stop must end this task and nothing that the same thread runs later. So the thread marks itself inside,
 * once it is in the isolate, and out again, once it has left, under this object's lock, and a stop is delivered
 * under the same lock: a stop that finds the task inside cancels the thread while it is still in this task (it
 * cannot leave past the lock until the stop is done); one that comes before keeps it from starting.
 */
final class MemberTask {
  /** The task the calling thread runs, for the code inside the isolate; shared, as this package is by isolates. */
  private static final ThreadLocal<MemberTask> CURRENT = new ThreadLocal<>();
  /** How long a stop waits for the task's thread to leave the isolate. */
  private static final Duration STOP_WAIT = Duration.ofSeconds(10);

  private final HazelcastInstance member;
  private final String memberLabel;
  private final String taskLabel;
  private final boolean ownClassPath;
  private final Thread thread = Thread.currentThread();
  /** Set by the task's thread before it enters; read by a stop only once it saw the thread inside. */
  private Isolate isolate;
  /** Guarded by this: whether the thread is in the isolate for this task, and whether a stop came. */
  private boolean inside;
  private boolean stopped;
  /** Why the task could not run; written and read by the task's thread. */
  private IsolateException refusal;

  /**
   * Makes the task of the calling thread.
   *
   * @param memberLabel names the member in messages: {@code member [127.0.0.1]:5701}
   * @param taskLabel names the task in messages: {@code task 3 of pool 'pricing'}
   * @param ownClassPath whether the pool's isolates load classes from a class path of their own
   */
  MemberTask(HazelcastInstance member, String memberLabel, String taskLabel, boolean ownClassPath) {
    this.member = member;
    this.memberLabel = memberLabel;
    this.taskLabel = taskLabel;
    this.ownClassPath = ownClassPath;
  }

  /** The member whose task the calling thread runs, or null outside a grid task. */
  static HazelcastInstance currentMember() {
    MemberTask task = CURRENT.get();
    return task == null ? null : task.member;
  }

  /**
   * Runs the task inside the isolate, in the calling thread, which made this object.
   *
   * @return the encoded result; null if the task did not run (see {@link #refusal()})
   * @throws IsolateException as {@code call} throws it: the task failed or was stopped
   */
  byte[] runIn(Isolate isolate, byte[] task) {
    this.isolate = isolate;
    CURRENT.set(this);
    try {
      return isolate.call(MemberTask::runCurrent, task);
    } finally {
      CURRENT.remove();
      leave();
    }
  }

  /** Why the task could not run, or null if it ran or was stopped before it started. */
  IsolateException refusal() {
    return refusal;
  }

  /**
   * Stops the task: keeps it from starting, and if {@code running} and it is inside, cancels it there as
   * {@link Isolate#cancel(Thread, Duration)} does.
   */
  synchronized void stop(boolean running) {
    stopped = true;
    if (running && inside) {
      isolate.cancel(thread, STOP_WAIT);
    }
  }

  private synchronized boolean enter() {
    inside = !stopped;
    return inside;
  }

  private synchronized void leave() {
    inside = false;
    stopped = true; // a stop that comes now is too late, and must not reach what the thread runs next
  }

  /** Inside the tenant's isolate: rebuilds the task there, runs it and encodes its result. */
  private static byte[] runCurrent(byte[] task) throws Exception {
    return CURRENT.get().inside(task);
  }

  private byte[] inside(byte[] bytes) throws Exception {
    if (!enter()) {
      return null;
    }
    Object task;
    try {
      task = TaskBytes.decode(bytes, GridValues.here());
    } catch (ClassNotFoundException e) {
      refusal = new IsolateException(memberLabel + " cannot load class " + e.getMessage() + " of " + taskLabel
          + ": it must be on the member's class path" + (ownClassPath
              ? " (for this pool, on its IsolateConfig.classpath, which its isolates load from)" : "")
          + ", as every class a task uses must be on every member that runs it");
      return null;
    } catch (TaskBytes.OtherVersion e) {
      refusal = new IsolateException(memberLabel + " cannot rebuild the lambda of " + taskLabel + " ("
          + e.getMessage() + "): its class " + e.className + " is not the one that made the lambda; give every"
          + " member the same build of that class as the submitter");
      return null;
    } catch (NotShareableException e) {
      refusal = new NotShareableException(memberLabel + ", " + taskLabel + ": " + e.getMessage(), e.getCause());
      return null;
    }
    Object result = TaskBytes.run(task);
    try {
      return GridValues.encode(result, "result");
    } catch (NotShareableException e) {
      refusal = e;
      return null;
    }
  }
}
