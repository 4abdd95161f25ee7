package dev.isolates.hazelcast;

import com.hazelcast.cluster.Address;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.core.LifecycleListener;
import dev.isolates.Isolate;
import dev.isolates.IsolateException;
import dev.isolates.Isolates;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The grid pools' isolates on one member: one per pool name (a tenant), and the tasks running in them. Kept in the
 * member's user context, so that two members in one JVM never share an isolate. Made when the member runs its
 * first grid task; when the member shuts down it closes its isolates, stopping the tasks still running there,
 * whose futures then fail with the member's departure.
 *
 * <p>Stops can overtake their task: a cancel travels over another executor than the task it cancels, and may
 * even come before the task's pool has an isolate here. A stop that finds no task is kept until its task comes,
 * or until its pool handle releases this member. (One that comes after its task ended is kept that long too.)
 *
 * <p>Thread-safe: the maps are guarded by this object; stops and closes run outside its lock, as they wait.
 */
final class Tenants implements LifecycleListener {
  private static final String KEY = Tenants.class.getName();
  /** How long closing an isolate may wait for the tasks it stops to leave. */
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);
  private static final System.Logger LOG = System.getLogger("dev.isolates");

  private final HazelcastInstance member;
  /** {@code member [127.0.0.1]:5701}, for messages. */
  private final String label;
  /** {@code 127.0.0.1:5701}, for the names of the isolates. */
  private final String address;
  private final Map<String, Tenant> byPool = new HashMap<>();
  private final Map<TaskKey, MemberTask> running = new HashMap<>();
  private final Set<TaskKey> stoppedEarly = new HashSet<>();
  private final Set<UUID> stoppedPools = new HashSet<>();
  private boolean leaving;

  private Tenants(HazelcastInstance member) {
    this.member = member;
    Address local = member.getCluster().getLocalMember().getAddress();
    this.label = "member " + local;
    this.address = local.getHost() + ":" + local.getPort();
    member.getLifecycleService().addLifecycleListener(this);
  }

  /** One task of one pool handle. */
  record TaskKey(UUID poolId, long number) {}

  /** The member's tenants, made with its first grid task. */
  static Tenants of(HazelcastInstance member) {
    return (Tenants) member.getUserContext().computeIfAbsent(KEY, key -> new Tenants(member));
  }

  /** The member's tenants, or null if it never ran a grid task. */
  static Tenants find(HazelcastInstance member) {
    return (Tenants) member.getUserContext().get(KEY);
  }

  /** Runs a task in its pool's isolate, made now if it is the pool's first here, and answers how it went. */
  Outcome run(RunTask message) {
    String taskLabel = "task " + message.number + " of pool '" + message.pool + "'";
    TaskKey key = new TaskKey(message.poolId, message.number);
    MemberTask task = new MemberTask(member, label, taskLabel, !message.spec.classpath().isEmpty());
    Tenant tenant;
    try {
      tenant = begin(message, key, task);
    } catch (IsolateException e) {
      return Outcome.failed(e);
    }
    if (tenant == null) {
      return Outcome.notRun();
    }
    try {
      byte[] result = task.runIn(tenant.isolate, message.task);
      return result != null ? Outcome.result(result)
          : task.refusal() != null ? Outcome.failed(task.refusal()) : Outcome.notRun();
    } catch (IsolateException e) {
      return Outcome.failed(isLeaving() ? Outcome.memberLeft(label, taskLabel) : e);
    } finally {
      end(key);
    }
  }

  /** Stops one task, or keeps the stop for when it comes (see {@link MemberTask#stop}). */
  void stop(TaskKey key, boolean running) {
    MemberTask task;
    synchronized (this) {
      task = this.running.get(key);
      if (task == null) {
        stoppedEarly.add(key);
        return;
      }
    }
    task.stop(running);
  }

  /** Stops every task of a pool handle, running or still to come, until the handle releases this member. */
  void stopAll(String pool, UUID poolId) {
    List<MemberTask> tasks = new ArrayList<>();
    synchronized (this) {
      Tenant tenant = byPool.get(pool);
      if (tenant == null || !tenant.hasUser(poolId)) {
        return; // nothing of it runs here, and nothing will: it stops only once it has sent its last task
      }
      stoppedPools.add(poolId);
      running.forEach((key, task) -> {
        if (key.poolId().equals(poolId)) {
          tasks.add(task);
        }
      });
    }
    tasks.forEach(task -> task.stop(true));
  }

  /** A pool handle is done with this member: forgets it, and closes its isolate if no other handle uses it. */
  void release(String pool, UUID poolId) {
    Tenant closing;
    synchronized (this) {
      stoppedPools.remove(poolId);
      stoppedEarly.removeIf(key -> key.poolId().equals(poolId));
      closing = byPool.get(pool);
      if (closing == null || !closing.removeUser(poolId)) {
        return;
      }
      byPool.remove(pool);
    }
    close(closing.isolate);
  }

  /** Closes every isolate when the member starts to shut down, before Hazelcast stops the threads in them. */
  @Override
  public void stateChanged(LifecycleEvent event) {
    if (event.getState() != LifecycleEvent.LifecycleState.SHUTTING_DOWN) {
      return;
    }
    List<Tenant> closing;
    synchronized (this) {
      leaving = true;
      closing = new ArrayList<>(byPool.values());
      byPool.clear();
    }
    closing.forEach(tenant -> close(tenant.isolate));
  }

  @Override
  public synchronized String toString() {
    return "Tenants[" + label + ", pools=" + byPool.keySet() + ", running=" + running.size()
        + (leaving ? ", leaving" : "") + ']';
  }

  /** Registers an arriving task in its pool's isolate; null if it was stopped before it came. */
  private synchronized Tenant begin(RunTask message, TaskKey key, MemberTask task) {
    if (leaving) {
      throw new IsolateException(label + " is shutting down and takes no more tasks");
    }
    Tenant tenant = byPool.get(message.pool);
    if (tenant == null) {
      tenant = new Tenant(message.pool, message.spec, create(message.pool, message.spec));
      byPool.put(message.pool, tenant);
    } else if (!tenant.spec.equals(message.spec)) {
      throw new IsolateException(label + " already runs pool '" + message.pool + "' with another config ("
          + tenant.spec + ", not " + message.spec + "); give every handle of a pool name the same IsolateConfig,"
          + " or use another name");
    }
    tenant.addUser(message.poolId);
    if (stoppedEarly.remove(key) || stoppedPools.contains(message.poolId)) {
      return null;
    }
    running.put(key, task);
    return tenant;
  }

  private synchronized void end(TaskKey key) {
    running.remove(key);
  }

  private synchronized boolean isLeaving() {
    return leaving;
  }

  private Isolate create(String pool, TenantSpec spec) {
    try {
      return Isolates.create(spec.toConfig(pool, address));
    } catch (IllegalArgumentException | IsolateException e) {
      throw new IsolateException(label + " cannot create the isolate of pool '" + pool + "': " + e.getMessage()
          + "; a pool's IsolateConfig must hold on every member that runs its tasks", e);
    }
  }

  /** Closes an isolate, stopping what still runs in it; one that cannot be closed is left open, with a warning. */
  private void close(Isolate isolate) {
    try {
      isolate.terminate(CLOSE_WAIT);
    } catch (IsolateException e) {
      LOG.log(System.Logger.Level.WARNING, label + " left " + isolate + " open: " + e.getMessage());
    }
  }
}
