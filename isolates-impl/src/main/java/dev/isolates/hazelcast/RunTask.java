package dev.isolates.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import java.io.Serializable;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * The message that runs one task of a grid pool on the member it is sent to, through the executor service of the
 * pool's name: the member's {@link Tenants} run it in the pool's isolate there.
 */
final class RunTask implements Callable<Outcome>, Serializable, HazelcastInstanceAware {
  private static final long serialVersionUID = 1L;

  final String pool;
  /** The pool handle that sent it. */
  final UUID poolId;
  /** Its number in that handle, which names it in cancels and messages. */
  final long number;
  final TenantSpec spec;
  /** The task, as {@link TaskBytes} encoded it. */
  final byte[] task;
  private transient HazelcastInstance member;

  RunTask(String pool, UUID poolId, long number, TenantSpec spec, byte[] task) {
    this.pool = pool;
    this.poolId = poolId;
    this.number = number;
    this.spec = spec;
    this.task = task;
  }

  @Override
  public void setHazelcastInstance(HazelcastInstance member) {
    this.member = member;
  }

  @Override
  public Outcome call() {
    return Tenants.of(member).run(this);
  }

  @Override
  public String toString() {
    return "RunTask[task " + number + " of pool '" + pool + "', " + task.length + " bytes]";
  }
}
