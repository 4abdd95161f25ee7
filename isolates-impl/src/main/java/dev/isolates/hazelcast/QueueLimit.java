package dev.isolates.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import java.io.Serializable;
import java.util.concurrent.Callable;

/** Reads the {@code max-size} of a queue's config on a member, for a client, which cannot read the cluster's config. */
final class QueueLimit implements Callable<Integer>, Serializable, HazelcastInstanceAware {
  private static final long serialVersionUID = 1L;

  private final String queue;
  private transient HazelcastInstance member;

  QueueLimit(String queue) {
    this.queue = queue;
  }

  @Override
  public void setHazelcastInstance(HazelcastInstance member) {
    this.member = member;
  }

  @Override
  public Integer call() {
    return member.getConfig().getQueueConfig(queue).getMaxSize();
  }
}
