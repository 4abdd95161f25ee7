package dev.isolates.hazelcast;

import com.hazelcast.cluster.Member;
import dev.isolates.NotShareableException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The future of one task of a grid pool, over Hazelcast's future of the member's answer. {@link #get} waits on
 * Hazelcast's future itself, in the calling thread (see {@link Waits}), as a callback would cost a handoff to another thread (on the
 * machines measured, more than the task's own round trip). The answer is the task's result, which each {@code get}
 * decodes in the isolate of its calling thread (a new copy each time); or the task's failure; or that it did not
 * run. A cancel completes this future at once and tells the member, which stops the task there.
 */
final class GridFuture<T> implements Future<T> {
  final long number;
  final Member member;
  private final GridPool pool;
  private final Future<Outcome> answer;
  /** Whether {@link #get} returns {@link #runnableResult} rather than what the member answered. */
  private final boolean runnable;
  private final T runnableResult;
  /** Set once, by the cancel that succeeded. */
  private final AtomicReference<CancellationException> cancelled = new AtomicReference<>();

  GridFuture(GridPool pool, long number, Member member, Future<Outcome> answer, boolean runnable, T runnableResult) {
    this.pool = pool;
    this.number = number;
    this.member = member;
    this.answer = answer;
    this.runnable = runnable;
    this.runnableResult = runnableResult;
  }

  /** Whether the member answered, or failed to: the task runs no more there. */
  boolean isAnswered() {
    return answer.isDone();
  }

  /**
   * Runs an action once the member answered, or failed to, in a thread of Hazelcast's. Hazelcast's futures are
   * {@code CompletableFuture}s, on members and clients alike.
   */
  void whenAnswered(Runnable action) {
    ((CompletionStage<?>) answer).whenComplete((outcome, failure) -> action.run());
  }

  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    if (answer.isDone() || !cancelled.compareAndSet(null, new CancellationException(task() + " was cancelled"))) {
      return false;
    }
    pool.cancelled(this, mayInterruptIfRunning);
    return true;
  }

  @Override
  public boolean isCancelled() {
    return cancelled.get() != null || notRun();
  }

  @Override
  public boolean isDone() {
    return cancelled.get() != null || answer.isDone();
  }

  @Override
  public T get() throws InterruptedException, ExecutionException {
    try {
      return get(Waits.FOREVER);
    } catch (TimeoutException e) {
      throw new AssertionError("no deadline, yet timed out", e);
    }
  }

  @Override
  public T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
    return get(unit.toNanos(timeout));
  }

  private T get(long nanos) throws InterruptedException, ExecutionException, TimeoutException {
    long deadline = Waits.deadline(nanos);
    for (long left = nanos; ; left = deadline - System.nanoTime()) { // in slices, looking for a cancel between them
      Waits.requireNotInterrupted();
      requireNotCancelled();
      Outcome outcome;
      try {
        outcome = answer.get(Waits.slice(left), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        if (left <= Waits.SLICE) {
          throw new TimeoutException(task() + " did not end within " + nanos + " ns");
        }
        continue;
      } catch (ExecutionException e) {
        requireNotCancelled();
        // Hazelcast's MemberLeftException is itself an ExecutionException, thrown without a cause.
        throw new ExecutionException(pool.failure(this, e.getCause() == null ? e : e.getCause()));
      }
      return valueOf(outcome);
    }
  }

  @SuppressWarnings("unchecked")
  private T valueOf(Outcome outcome) throws ExecutionException {
    requireNotCancelled();
    if (!outcome.ran()) {
      throw new CancellationException(task() + " was stopped before it started");
    }
    if (outcome.failure() != null) {
      throw new ExecutionException(outcome.failure());
    }
    if (runnable) {
      return runnableResult;
    }
    try {
      return (T) GridValues.decode(outcome.result(), "result");
    } catch (NotShareableException e) {
      throw new ExecutionException(e);
    }
  }

  private void requireNotCancelled() {
    CancellationException cancel = cancelled.get();
    if (cancel != null) {
      throw (CancellationException) new CancellationException(cancel.getMessage()).initCause(cancel);
    }
  }

  /** Whether the member answered that the task did not run: it was stopped before it started. */
  private boolean notRun() {
    if (!answer.isDone()) {
      return false;
    }
    try {
      return !answer.get(0, TimeUnit.NANOSECONDS).ran();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException | TimeoutException | CancellationException e) {
      return false;
    }
  }

  private String task() {
    return "task " + number + " of pool '" + pool.name + "'";
  }

  @Override
  public String toString() {
    String state = cancelled.get() != null ? "cancelled" : answer.isDone() ? "answered" : "running";
    return "GridFuture[" + task() + " on member " + member.getAddress() + ", " + state + ']';
  }
}
