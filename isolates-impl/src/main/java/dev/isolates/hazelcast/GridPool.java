package dev.isolates.hazelcast;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.ExecutionCallback;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.core.IExecutorService;
import com.hazelcast.core.MemberLeftException;
import com.hazelcast.spi.exception.TargetNotMemberException;
import dev.isolates.IsolateException;
import dev.isolates.NotShareableException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The pool behind {@link HazelcastIsolates#pool}: each task is encoded here, sent to a data member (round robin)
 * through the cluster's executor service of the pool's name, and run there in the member's isolate for the pool.
 *
 * <p>Lifecycle: running; then shut down (no new tasks), and once every task sent has been answered, each member
 * that was sent one is told to release the pool's isolate; terminated once each of them answered or left. A task
 * counts as answered when its member answers, even after its future was cancelled, so that no task of the pool
 * can reach a member after its release and make the isolate there again.
 *
 * <p>While the pool runs, nothing waits for answers but the callers of {@code get}: a callback on each of
 * Hazelcast's futures would cost a handoff to another thread per task, which on the machines measured tripled the
 * cost of a trivial task. The tasks not yet answered are kept in the order they were sent, and each new task drops
 * those answered at the head; on shutdown, callbacks wait for the rest.
 */
final class GridPool implements ExecutorService {
  final String name;
  private final HazelcastInstance hz;
  private final TenantSpec spec;
  /** Tells this handle's tasks apart from those of other handles of the same pool name, on every member. */
  private final UUID id = UUID.randomUUID();
  private final IExecutorService tasks;
  private final IExecutorService commands;
  private final AtomicLong numbers = new AtomicLong();
  private final AtomicInteger turn = new AtomicInteger();
  private final CountDownLatch terminated = new CountDownLatch(1);
  /** The tasks sent and not yet seen answered, in the order they were sent. */
  private final Queue<GridFuture<?>> unanswered = new ConcurrentLinkedQueue<>();
  /** Guarded by this. */
  private boolean shutdown;
  private final Set<Member> used = new LinkedHashSet<>();

  GridPool(HazelcastInstance hz, String name, TenantSpec spec) {
    this.hz = hz;
    this.name = name;
    this.spec = spec;
    this.tasks = hz.getExecutorService(name);
    this.commands = hz.getExecutorService(PoolCommand.EXECUTOR);
  }

  // ------------------------------------------------------------------------------------------------ submitting

  @Override
  public <T> Future<T> submit(Callable<T> task) {
    return send(task, false, null);
  }

  @Override
  public Future<?> submit(Runnable task) {
    return send(task, true, null);
  }

  @Override
  public <T> Future<T> submit(Runnable task, T result) {
    return send(task, true, result);
  }

  /** Runs a task; a failure goes to the uncaught-exception handler of the thread that receives it. */
  @Override
  public void execute(Runnable command) {
    GridFuture<?> future = send(command, true, null);
    future.whenAnswered(() -> reportFailure(future));
  }

  @Override
  public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks) throws InterruptedException {
    List<Future<T>> futures = new ArrayList<>(sendAll(tasks));
    for (Future<T> future : futures) {
      try {
        future.get();
      } catch (ExecutionException | CancellationException e) {
        // the future holds it
      }
    }
    return futures;
  }

  @Override
  public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
      throws InterruptedException {
    long deadline = Waits.deadline(unit.toNanos(timeout));
    List<Future<T>> futures = new ArrayList<>(sendAll(tasks));
    for (Future<T> future : futures) {
      try {
        future.get(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      } catch (ExecutionException | CancellationException e) {
        // the future holds it
      } catch (TimeoutException e) {
        futures.forEach(unfinished -> unfinished.cancel(true));
        break;
      }
    }
    return futures;
  }

  @Override
  public <T> T invokeAny(Collection<? extends Callable<T>> tasks) throws InterruptedException, ExecutionException {
    try {
      return invokeAny(tasks, Waits.FOREVER, TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("no deadline, yet timed out", e);
    }
  }

  @Override
  public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
      throws InterruptedException, ExecutionException, TimeoutException {
    long deadline = Waits.deadline(unit.toNanos(timeout));
    List<GridFuture<T>> futures = sendAll(tasks);
    BlockingQueue<Future<T>> done = new LinkedBlockingQueue<>();
    futures.forEach(future -> future.whenAnswered(() -> done.add(future)));
    try {
      ExecutionException last = null;
      for (int i = 0; i < futures.size(); i++) {
        Future<T> next = done.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        if (next == null) {
          throw new TimeoutException("no task of pool '" + name + "' succeeded within " + timeout + " " + unit);
        }
        try {
          return next.get();
        } catch (ExecutionException e) {
          last = e;
        } catch (CancellationException e) {
          last = new ExecutionException(e);
        }
      }
      throw last;
    } finally {
      futures.forEach(future -> future.cancel(true));
    }
  }

  /** Encodes every task before it sends any, so that a task that cannot travel rejects them all. */
  private <T> List<GridFuture<T>> sendAll(Collection<? extends Callable<T>> tasks) {
    Objects.requireNonNull(tasks, "tasks");
    if (tasks.isEmpty()) {
      throw new IllegalArgumentException("tasks is empty: give at least one task");
    }
    List<byte[]> encoded = new ArrayList<>(tasks.size());
    tasks.forEach(task -> encoded.add(encode(task)));
    List<GridFuture<T>> futures = new ArrayList<>(tasks.size());
    encoded.forEach(task -> futures.add(sendEncoded(task, false, null)));
    return futures;
  }

  private <T> GridFuture<T> send(Object task, boolean runnable, T runnableResult) {
    return sendEncoded(encode(task), runnable, runnableResult);
  }

  private <T> GridFuture<T> sendEncoded(byte[] task, boolean runnable, T runnableResult) {
    Member member = pickMember();
    long number = numbers.incrementAndGet();
    dropAnswered();
    synchronized (this) { // against shutdown, which must see every task sent
      if (shutdown) {
        throw new RejectedExecutionException("pool '" + name + "' is shut down: it takes no new tasks");
      }
      used.add(member);
      Future<Outcome> answer;
      try {
        answer = tasks.submitToMember(new RunTask(name, id, number, spec, task), member);
      } catch (HazelcastInstanceNotActiveException e) {
        throw new RejectedExecutionException("pool '" + name + "' cannot send tasks: its Hazelcast instance is shut"
            + " down", e);
      }
      GridFuture<T> future = new GridFuture<>(this, number, member, answer, runnable, runnableResult);
      unanswered.add(future);
      return future;
    }
  }

  /** Forgets the tasks at the head of {@link #unanswered} that were answered, so that it holds the running ones. */
  private void dropAnswered() {
    for (GridFuture<?> head = unanswered.peek(); head != null && head.isAnswered(); head = unanswered.peek()) {
      unanswered.remove(head); // by identity, so a racing caller that removed it first makes this a no-op
    }
  }

  private byte[] encode(Object task) {
    Objects.requireNonNull(task, "task");
    try {
      return TaskBytes.encode(task);
    } catch (NotShareableException e) {
      throw new RejectedExecutionException("task rejected: it cannot travel to the members of pool '" + name + "'",
          e);
    }
  }

  /** The next data member, round robin: lite members hold no data and run no tasks, as in Hazelcast's own submit. */
  private Member pickMember() {
    if (!hz.getLifecycleService().isRunning()) {
      throw new RejectedExecutionException("pool '" + name + "' cannot send tasks: its Hazelcast instance is shut"
          + " down");
    }
    List<Member> members = new ArrayList<>();
    for (Member member : hz.getCluster().getMembers()) {
      if (!member.isLiteMember()) {
        members.add(member);
      }
    }
    if (members.isEmpty()) {
      throw new RejectedExecutionException("pool '" + name + "' has no member to run its tasks: the cluster has"
          + " only lite members; start a data member with isolates-impl on its class path");
    }
    return members.get(Math.floorMod(turn.getAndIncrement(), members.size()));
  }

  /** Why a member did not answer a task, as the task's future reports it. */
  IsolateException failure(GridFuture<?> future, Throwable failure) {
    String member = "member " + future.member.getAddress();
    String task = "task " + future.number + " of pool '" + name + "'";
    if (failure instanceof MemberLeftException) {
      return Outcome.memberLeft(member, task);
    }
    if (failure instanceof TargetNotMemberException) {
      return new IsolateException(member + " left the cluster before " + task + " reached it; submit the task"
          + " again", failure);
    }
    if (failure instanceof HazelcastInstanceNotActiveException) {
      return new IsolateException("the Hazelcast instance of pool '" + name + "' was shut down before " + task
          + " was answered; the task may have run in part", failure);
    }
    return new IsolateException(member + " could not run " + task + ": " + failure + "; a member that runs tasks"
        + " needs isolates-api and isolates-impl on its class path", failure);
  }

  /** Hands the failure of a task sent by {@link #execute}, as a thread pool's worker would. */
  private static void reportFailure(GridFuture<?> future) {
    try {
      future.get();
    } catch (ExecutionException e) {
      Thread thread = Thread.currentThread();
      thread.getUncaughtExceptionHandler().uncaughtException(thread, e.getCause());
    } catch (CancellationException | InterruptedException e) {
      // a cancel was asked for; a done future does not wait
    }
  }

  // ------------------------------------------------------------------------------------------------ cancelling

  /**
   * A future was cancelled: tells its member, which keeps the task from starting, or stops it, before this returns;
   * so a task that had not started when its future was cancelled never runs.
   */
  void cancelled(GridFuture<?> future, boolean mayInterruptIfRunning) {
    try {
      commands.submitToMember(PoolCommand.cancel(name, id, future.number, mayInterruptIfRunning), future.member)
          .get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the member is told all the same, only later
    } catch (ExecutionException | HazelcastInstanceNotActiveException e) {
      // The member left, or this side is shut down: either way the task will not answer, and its future is done.
    }
  }

  // ------------------------------------------------------------------------------------------------ lifecycle

  @Override
  public void shutdown() {
    List<GridFuture<?>> waiting;
    synchronized (this) {
      if (shutdown) {
        return;
      }
      shutdown = true;
      waiting = new ArrayList<>(unanswered);
    }
    // Releases the members once the last of these is answered; at once if none is left.
    AtomicInteger left = new AtomicInteger(waiting.size() + 1);
    Runnable oneAnswered = () -> {
      if (left.decrementAndGet() == 0) {
        release();
      }
    };
    waiting.forEach(future -> future.whenAnswered(oneAnswered));
    oneAnswered.run();
  }

  /**
   * Shuts down and stops every task on its member, those not started yet included, whose futures end as
   * cancelled. Tasks already sent cannot be taken back, so none is returned.
   */
  @Override
  public List<Runnable> shutdownNow() {
    shutdown();
    if (isTerminated()) {
      return List.of();
    }
    for (Member member : usedMembers()) {
      try {
        commands.submitToMember(PoolCommand.stopAll(name, id), member);
      } catch (HazelcastInstanceNotActiveException e) {
        break; // this side is shut down: every task's future fails, and the pool terminates
      }
    }
    return List.of();
  }

  @Override
  public synchronized boolean isShutdown() {
    return shutdown;
  }

  @Override
  public boolean isTerminated() {
    return terminated.getCount() == 0;
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    return terminated.await(timeout, unit);
  }

  /** Tells every member that was sent a task that this handle is done; terminated once all answered or left. */
  private void release() {
    List<Member> members = usedMembers();
    AtomicInteger left = new AtomicInteger(members.size() + 1);
    Runnable oneDone = () -> {
      if (left.decrementAndGet() == 0) {
        terminated.countDown();
      }
    };
    for (Member member : members) {
      try {
        commands.submitToMember(PoolCommand.release(name, id), member, new ExecutionCallback<Void>() {
          @Override
          public void onResponse(Void response) {
            oneDone.run();
          }

          @Override
          public void onFailure(Throwable failure) {
            oneDone.run(); // it left, and closed its isolates as it did
          }
        });
      } catch (HazelcastInstanceNotActiveException e) {
        oneDone.run(); // this side is shut down: the members cannot be told, nor sent anything more
      }
    }
    oneDone.run();
  }

  private synchronized List<Member> usedMembers() {
    return new ArrayList<>(used);
  }

  @Override
  public synchronized String toString() {
    dropAnswered();
    return "HazelcastIsolates.pool['" + name + "' on cluster '" + hz.getConfig().getClusterName() + "', running="
        + unanswered.size() + ", members used=" + used.size()
        + (isTerminated() ? ", terminated" : shutdown ? ", shut down" : ", running") + ']';
  }
}
