package dev.isolates.hazelcast;

import dev.isolates.IsolateException;
import java.io.Serializable;

/**
 * What a member answers for a task: its result, encoded in the tenant's isolate and decoded by whoever calls
 * {@code Future.get}; or why it failed; or that it did not run, because it was cancelled before it started.
 */
final class Outcome implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final Outcome NOT_RUN = new Outcome(null, null);

  private final byte[] result;
  private final IsolateException failure;

  private Outcome(byte[] result, IsolateException failure) {
    this.result = result;
    this.failure = failure;
  }

  static Outcome result(byte[] encoded) {
    return new Outcome(encoded, null);
  }

  static Outcome failed(IsolateException failure) {
    return new Outcome(null, failure);
  }

  static Outcome notRun() {
    return NOT_RUN;
  }

  /**
   * The failure of a task whose member left the cluster while it ran, on either side: the member's own answer
   * when it shuts down with tasks running, and the submitter's when the member is gone before it answered.
   */
  static IsolateException memberLeft(String member, String task) {
    return new IsolateException(member + " left the cluster while it ran " + task + "; the task may have run in"
        + " part, and was not run again elsewhere");
  }

  /** The encoded result, or null if the task failed or did not run. */
  byte[] result() {
    return result;
  }

  /** Why the task failed, or null. */
  IsolateException failure() {
    return failure;
  }

  boolean ran() {
    return result != null || failure != null;
  }
}
