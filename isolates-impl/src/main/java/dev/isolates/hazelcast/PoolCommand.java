package dev.isolates.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import java.io.Serializable;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * What a pool handle tells a member besides its tasks: to stop a task, to stop all of its tasks, or that it is
 * done with the member. Commands go over an executor service of their own, so that they are not queued behind
 * the tasks they are about.
 */
final class PoolCommand implements Callable<Void>, Serializable, HazelcastInstanceAware {
  private static final long serialVersionUID = 1L;
  /** The executor service commands go over. */
  static final String EXECUTOR = "dev.isolates.hazelcast.commands";

  private enum Kind {
    /** {@code Future.cancel(false)}: the task must not start. */
    SKIP,
    /** {@code Future.cancel(true)}: the task must not start, and is stopped if it runs. */
    STOP,
    /** {@code shutdownNow}: every task of the handle. */
    STOP_ALL,
    /** The handle terminates: its isolate on the member closes unless another handle uses it. */
    RELEASE
  }

  private final Kind kind;
  private final String pool;
  private final UUID poolId;
  private final long number;
  private transient HazelcastInstance member;

  private PoolCommand(Kind kind, String pool, UUID poolId, long number) {
    this.kind = kind;
    this.pool = pool;
    this.poolId = poolId;
    this.number = number;
  }

  static PoolCommand cancel(String pool, UUID poolId, long number, boolean mayInterruptIfRunning) {
    return new PoolCommand(mayInterruptIfRunning ? Kind.STOP : Kind.SKIP, pool, poolId, number);
  }

  static PoolCommand stopAll(String pool, UUID poolId) {
    return new PoolCommand(Kind.STOP_ALL, pool, poolId, 0);
  }

  static PoolCommand release(String pool, UUID poolId) {
    return new PoolCommand(Kind.RELEASE, pool, poolId, 0);
  }

  @Override
  public void setHazelcastInstance(HazelcastInstance member) {
    this.member = member;
  }

  @Override
  public Void call() {
    // A cancel may come before the first task of any pool does; the rest are about tasks that came.
    Tenants tenants = kind == Kind.SKIP || kind == Kind.STOP ? Tenants.of(member) : Tenants.find(member);
    if (tenants == null) {
      return null;
    }
    switch (kind) {
      case SKIP:
      case STOP:
        tenants.stop(new Tenants.TaskKey(poolId, number), kind == Kind.STOP);
        break;
      case STOP_ALL:
        tenants.stopAll(pool, poolId);
        break;
      default:
        tenants.release(pool, poolId);
    }
    return null;
  }

  @Override
  public String toString() {
    return "PoolCommand[" + kind + " " + (kind == Kind.SKIP || kind == Kind.STOP ? "task " + number + " of " : "")
        + "pool '" + pool + "']";
  }
}
