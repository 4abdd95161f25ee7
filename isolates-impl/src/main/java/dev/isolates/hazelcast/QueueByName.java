package dev.isolates.hazelcast;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.io.InvalidObjectException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * A grid queue handle as it travels: the queue's name and where it was opened. It becomes a handle on the member
 * that runs the grid task it arrives in; elsewhere, on the instance of this JVM it was opened on, or else on one of
 * the same cluster.
 *
 * @param queue the queue's name
 * @param instance the name of the instance it was opened on
 * @param cluster the name of that instance's cluster
 */
record QueueByName(String queue, String instance, String cluster) implements Serializable {

  private Object readResolve() throws InvalidObjectException {
    HazelcastInstance hz = MemberTask.currentMember();
    if (hz == null) {
      hz = runningHere();
    }
    if (hz == null) {
      throw new InvalidObjectException("grid queue '" + queue + "' cannot be opened here: this JVM runs no Hazelcast"
          + " member or client of cluster '" + cluster + "'; open the queue with HazelcastIsolates.queue where one"
          + " runs");
    }
    return HazelcastIsolates.queue(hz, queue);
  }

  /** The instance the handle was opened on if it runs in this JVM, else one of the same cluster, or null. */
  private HazelcastInstance runningHere() {
    List<HazelcastInstance> candidates = new ArrayList<>(Hazelcast.getAllHazelcastInstances());
    candidates.addAll(HazelcastClient.getAllHazelcastClients());
    HazelcastInstance sameCluster = null;
    for (HazelcastInstance candidate : candidates) {
      if (candidate.getLifecycleService().isRunning() && candidate.getConfig().getClusterName().equals(cluster)) {
        if (candidate.getName().equals(instance)) {
          return candidate;
        }
        sameCluster = candidate;
      }
    }
    return sameCluster;
  }
}
