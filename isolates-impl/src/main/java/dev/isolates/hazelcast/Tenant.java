package dev.isolates.hazelcast;

import dev.isolates.Isolate;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

/**
 * The isolate of one pool name on one member. Every pool handle of that name, in any JVM of the cluster, that sent
 * a task here is a user; {@link Tenants} closes the isolate once the last user released it.
 *
 * <p>Not thread-safe: guarded by the member's {@link Tenants}.
 */
final class Tenant {
  final String pool;
  final TenantSpec spec;
  final Isolate isolate;
  private final Set<UUID> users = new HashSet<>();

  Tenant(String pool, TenantSpec spec, Isolate isolate) {
    this.pool = pool;
    this.spec = spec;
    this.isolate = isolate;
  }

  void addUser(UUID poolId) {
    users.add(poolId);
  }

  boolean hasUser(UUID poolId) {
    return users.contains(poolId);
  }

  /** Forgets a pool handle; true if no user is left. */
  boolean removeUser(UUID poolId) {
    users.remove(poolId);
    return users.isEmpty();
  }

  @Override
  public String toString() {
    return "Tenant[pool '" + pool + "' in " + isolate + ", users=" + users.size() + ']';
  }
}
