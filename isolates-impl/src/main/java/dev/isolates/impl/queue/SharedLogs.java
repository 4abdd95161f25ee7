package dev.isolates.impl.queue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Chronicle logs that temporary queues share, so that ten thousand queues cost a few files, not two each.
 * Queues are spread over a few shards, each its own log, so that producers of unrelated queues rarely wait for
 * the same append lock. Each shard appends to its current log; when that is full it is retired and the next
 * generation starts, and a retired log is closed and deleted once no queue of the shard still holds an item in
 * it (see {@link TemporaryStore#oldestGeneration()}).
 */
final class SharedLogs {
  private final Shard[] shards;

  SharedLogs(int shardCount) {
    shards = new Shard[shardCount];
    for (int i = 0; i < shardCount; i++) {
      shards[i] = new Shard(i);
    }
  }

  int shardCount() {
    return shards.length;
  }

  /** The log that appends to the shard go to now, made on first use. */
  SharedLog current(int shard) {
    SharedLog log = shards[shard].current;
    return log != null ? log : shards[shard].start();
  }

  /** A log of the shard that is not yet deleted: every generation a queue still holds items of. */
  SharedLog log(int shard, int generation) {
    return shards[shard].live.get(generation);
  }

  /**
   * Retires a full log and starts the next generation; call holding the full log's append lock, so that every
   * append to it has happened before.
   */
  void rotate(SharedLog full) {
    Shard shard = shards[full.shard];
    synchronized (shard) {
      full.retire();
      shard.current = null;
    }
    shard.start();
  }

  void register(TemporaryStore store) {
    shards[store.shard()].stores.add(store);
  }

  /** Forgets a closed queue, and deletes the retired logs that only it held items of. */
  void deregister(TemporaryStore store) {
    Shard shard = shards[store.shard()];
    shard.stores.remove(store);
    shard.collect();
  }

  /** Deletes the retired logs no queue needs; called after a queue moved past one. */
  void collect(int shard) {
    shards[shard].collect();
  }

  /** Closes every log; at exit. */
  void closeAll() {
    for (Shard shard : shards) {
      synchronized (shard) {
        shard.live.values().forEach(SharedLog::close);
        shard.live.clear();
        shard.current = null;
      }
    }
  }

  /** One shard: its current log, the logs not yet deleted, and the queues that append to it. */
  private static final class Shard {
    final int index;
    final Map<Integer, SharedLog> live = new ConcurrentHashMap<>();
    final Set<TemporaryStore> stores = ConcurrentHashMap.newKeySet();
    volatile SharedLog current;
    /** Guarded by this. */
    private int nextGeneration;

    Shard(int index) {
      this.index = index;
    }

    synchronized SharedLog start() {
      if (current == null) {
        int generation = nextGeneration++;
        SharedLog log = new SharedLog(index, generation,
            QueueDirectory.newFolder("shard-" + index + "-log-" + generation));
        live.put(generation, log);
        current = log;
        collect();
      }
      return current;
    }

    /** Closes the retired logs whose generation is older than what every queue of the shard still holds. */
    synchronized void collect() {
      if (live.size() == (current == null ? 0 : 1)) {
        return; // nothing retired
      }
      int oldestNeeded = Integer.MAX_VALUE;
      for (TemporaryStore store : stores) {
        oldestNeeded = Math.min(oldestNeeded, store.oldestGeneration());
      }
      List<SharedLog> unneeded = new ArrayList<>();
      for (SharedLog log : live.values()) {
        if (log.isRetired() && log.generation < oldestNeeded) {
          unneeded.add(log);
        }
      }
      for (SharedLog log : unneeded) {
        live.remove(log.generation);
        log.close();
      }
    }
  }
}
