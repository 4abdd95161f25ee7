package dev.isolates.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import dev.isolates.IsolateConfig;
import dev.isolates.IsolateQueue;
import java.util.Objects;
import java.util.concurrent.ExecutorService;

/**
 * Isolates beyond one machine: a pool whose tasks run on the members of a Hazelcast cluster, each inside that
 * member's isolate for the pool, and queues that every member and client of the cluster shares.
 *
 * <pre>{@code
 * ExecutorService pricing = HazelcastIsolates.pool(hz, "pricing", IsolateConfig.defaults());
 * IsolateQueue<Quote> quotes = HazelcastIsolates.queue(hz, "quotes");
 * IsolatedCallable<Integer> task = () -> Pricer.priceAll(quotes);
 * Future<Integer> priced = pricing.submit(task);   // runs on some member
 * Quote first = quotes.get();                      // put there by whichever member
 * }</pre>
 *
 * <p>The task is a serializable lambda (an {@code IsolatedCallable}; an {@code ExecutorService}'s {@code submit}
 * takes a plain {@code Callable}, which is not), so it travels as the names of its class and method and the values
 * it captured, here the queue handle, which travels as the queue's name. On the member that runs it, the pool's
 * isolate loads {@code Pricer} again with its own loader: {@code Pricer}'s static state there is the pool's own,
 * not the member's and not another pool's. The quotes travel encoded; {@code get} decodes each in the isolate of
 * the thread that takes it.
 *
 * <p><b>The pool.</b> Each member keeps one isolate per pool name (a tenant), made with {@code config} when the
 * member runs the pool's first task, so a tenant's static state stays its own on every member; two members in
 * one JVM have one each. Tasks go to the data members (lite members run none), round robin, through the cluster's
 * executor service of the pool's name (its config sets the member's threads: 16 unless configured). The local
 * pool's contracts hold: what {@link dev.isolates.IsolatePoolExecutor} refuses at submission is refused the same
 * way, with a {@link java.util.concurrent.RejectedExecutionException} whose cause is a
 * {@link dev.isolates.NotShareableException}, and here before the task leaves; a task that throws fails its future
 * with an {@link java.util.concurrent.ExecutionException} whose cause is an
 * {@link dev.isolates.ExecutionFailedException} carrying the member's {@code excInfo}; {@code Future.cancel(true)}
 * stops that task alone on its member, even a loop that checks nothing, as a call's limit stops one task, and
 * {@code cancel(false)} keeps it from starting; either returns once the member has it. The limits of
 * {@code config} apply on every member. A member that
 * leaves fails the futures of its running tasks with an {@link dev.isolates.IsolateException} naming it; tasks
 * are never run twice, and new ones go to the members that remain. {@code shutdown} lets the submitted tasks
 * finish, then closes the pool's isolate on every member that ran one of its tasks, unless another handle of the
 * same pool name still uses it; {@code awaitTermination} returns true once that is done. {@code shutdownNow} also
 * stops every task still running or waiting on its member (the futures of those that had not started end as
 * cancelled) and returns an empty list, since tasks already sent cannot be taken back. {@code execute} hands the
 * failure of its task to the uncaught-exception handler of the thread that receives the answer.
 *
 * <p><b>Members.</b> A member that runs tasks needs {@code isolates-api}, {@code isolates-impl} and the tasks'
 * classes on its class path (or, for their classes, on the pool's {@link IsolateConfig#classpath()}, whose
 * entries must then exist on every member): Hazelcast's community edition cannot ship classes. A lambda is rebuilt
 * through its capturing class, which must be the same build on the member as where the lambda was made. A task
 * runs in a thread of the member's executor service; a result travels back encoded, and each {@code Future.get}
 * decodes it in the isolate of its calling thread.
 *
 * <p><b>The queue.</b> An {@link IsolateQueue} over Hazelcast's {@link com.hazelcast.collection.IQueue} of that
 * name. Items are encoded with the same value model as local queues (the same shareability rules; a copy decoded
 * in the getting isolate, and one that cannot be decoded there is lost with the exception); each item is taken by
 * exactly one {@code get} on any member or client; items of one producer keep their order; {@code maxSize} is the
 * {@code max-size} of the cluster's queue config for that name, 0 when unbounded, read on first use (a client asks
 * a member, which needs {@code isolates-impl} for it); items survive the loss of a member when the queue has a
 * backup (Hazelcast's default). {@code unboundItems()} is {@code REPLACE} and has no effect: items outlive their
 * producer by design. {@code id()} tells handles apart within this JVM. {@code close()} closes this handle only:
 * later calls on it throw {@link dev.isolates.QueueNotFoundException}, and the cluster's queue and its items stay
 * for every other handle. A handle travels as the queue's name: captured by a grid task, it becomes a handle on the
 * member that runs the task.
 *
 * <p>Handles of local isolates and queues are valid in one JVM only, so values that hold one are refused, by pool
 * and queue alike, with a {@link dev.isolates.NotShareableException}.
 *
 * <p>Hazelcast's blocking calls do not give way to interrupts, so a queue's blocking {@code get} and {@code put}
 * and a future's {@code get} wait in slices of 100 ms: an interrupt or a cancel reaches them within one.
 *
 * <p><b>Thread-safety.</b> Pools and queues may be used by any number of threads, in any isolate.
 *
 * <p><b>Memory consistency.</b> A task sees copies of the values it captured as they were when it was submitted,
 * and what it returns is copied when it ends: actions of the task happen-before the return from a {@code get} of
 * its future that returns its result. An item is a copy of the value as it was put: actions in a thread before it
 * puts an item happen-before the return of the {@code get} that takes that item, on any member or client.
 */
public final class HazelcastIsolates {
  private HazelcastIsolates() {}

  /**
   * Returns a pool whose tasks run on the cluster's members, each inside that member's isolate for this pool name.
   *
   * @param hz a running member or client of the cluster
   * @param name the pool's name: its isolates' on every member, and the name of the executor service it uses
   * @param config how each member makes the pool's isolate; its name, if any, names the isolates instead of
   *     {@code name}, followed on each member by {@code @host:port}
   * @return a new handle, which this JVM's code may share; handles of the same name share the members' isolates
   * @throws IllegalArgumentException if the name is blank or holds control characters, or the instance is shut down
   */
  public static ExecutorService pool(HazelcastInstance hz, String name, IsolateConfig config) {
    requireUsable(hz, name, "pool");
    Objects.requireNonNull(config, "config");
    return new GridPool(hz, name, TenantSpec.of(config));
  }

  /**
   * Returns a handle to the cluster's queue of this name, shared by every member and client of the cluster.
   *
   * @param hz a running member or client of the cluster
   * @param name the name of Hazelcast's queue
   * @throws IllegalArgumentException if the name is blank or holds control characters, or the instance is shut down
   */
  public static <T> IsolateQueue<T> queue(HazelcastInstance hz, String name) {
    requireUsable(hz, name, "queue");
    return new GridQueue<>(hz, name);
  }

  private static void requireUsable(HazelcastInstance hz, String name, String what) {
    Objects.requireNonNull(hz, "hz");
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException(what + " name must not be blank, but was '" + name + "'");
    }
    if (name.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException(what + " name must not contain control characters, but was '"
          + name.replaceAll("\\p{Cntrl}", "?") + "'");
    }
    if (!hz.getLifecycleService().isRunning()) {
      throw new IllegalArgumentException("Hazelcast instance '" + hz.getName() + "' is shut down: pass a running"
          + " member or client");
    }
  }
}
