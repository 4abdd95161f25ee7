package dev.isolates.impl.queue;

import dev.isolates.IsolateQueue;
import dev.isolates.QueueException;
import dev.isolates.UnboundItems;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The queues of this JVM: creates and opens them, finds a handle by id (for handles read from items), unbinds
 * the items of an isolate that closes, and closes every queue at exit, deleting the temporary ones' files.
 * Creating it touches no file: queue storage is set up on first use.
 */
public final class Queues {
  /** Shards of the logs temporary queues share: enough for the cores to put at once, few files. */
  private static final int SHARDS = Math.max(1, Math.min(8, Runtime.getRuntime().availableProcessors()));

  private final QueueContext context;
  private final AtomicLong nextId = new AtomicLong(1);
  private final Map<Long, QueueHandle<?>> handles = new ConcurrentHashMap<>();
  private final SharedLogs logs = new SharedLogs(SHARDS);
  /** The stores of durable queues by real path, each with the number of open handles on it. */
  private final Map<Path, Shared> durable = new ConcurrentHashMap<>();

  /**
   * Creates the queues of this JVM, and a shutdown hook that closes those still open at exit.
   *
   * @param context what the queues need of the runtime
   */
  public Queues(QueueContext context) {
    this.context = context;
    Thread hook = new Thread(null, this::closeAllAtExit, "isolates-queues-shutdown", 0, false);
    hook.setContextClassLoader(null);
    Runtime.getRuntime().addShutdownHook(hook);
  }

  QueueContext context() {
    return context;
  }

  /**
   * Backs {@code Isolates.createQueue}: a queue that lives in memory and in the logs temporary queues share.
   *
   * @throws QueueException if queue storage cannot be set up; the next call tries again
   */
  public <T> IsolateQueue<T> create(int maxSize, UnboundItems unboundItems) {
    long id = nextId.getAndIncrement();
    int shard = (int) (id % logs.shardCount());
    logs.current(shard); // sets storage up now, so that a failure reaches createQueue
    TemporaryStore store = new TemporaryStore(id, maxSize, unboundItems, logs, shard);
    logs.register(store);
    return register(new QueueHandle<>(id, this, store));
  }

  /**
   * Backs {@code Isolates.openQueue}.
   *
   * @throws QueueException if the folder cannot be used as a queue, naming the file
   */
  public <T> IsolateQueue<T> open(Path dir, int maxSize, UnboundItems unboundItems) {
    Path folder = FolderCheck.realFolder(dir);
    long id = nextId.getAndIncrement();
    Shared shared = durable.compute(folder, (key, existing) -> {
      if (existing != null) {
        existing.handles++;
        return existing;
      }
      return new Shared(new DurableStore(DurableLog.open(folder, maxSize, unboundItems)));
    });
    return register(new QueueHandle<>(id, this, shared.store));
  }

  /**
   * Returns the live handle with this id, for a reference read from a queue item; or else a closed handle,
   * which throws {@link dev.isolates.QueueNotFoundException} when used, as the original does after its close.
   */
  public IsolateQueue<?> handle(long id) {
    QueueHandle<?> queue = handles.get(id);
    return queue != null ? queue : QueueHandle.closed(id);
  }

  /** Marks the items an isolate put and nobody took yet unbound; called when the isolate closes. */
  public void unbind(long isolateId) {
    handles.values().forEach(queue -> queue.store().unbind(isolateId));
  }

  /** Called by a handle's close: closes a temporary store, or a durable one once its last handle closes. */
  void release(QueueHandle<?> queue, QueueStore store) {
    handles.remove(queue.id());
    context.closed(queue.id());
    if (store.folder() == null) {
      store.close();
      return;
    }
    durable.computeIfPresent(store.folder(), (folder, shared) -> {
      if (--shared.handles > 0) {
        return shared;
      }
      store.close();
      return null;
    });
  }

  private <T> QueueHandle<T> register(QueueHandle<T> queue) {
    handles.put(queue.id(), queue);
    context.opened(queue, queue.folder());
    return queue;
  }

  private void closeAllAtExit() {
    handles.values().forEach(QueueHandle::close);
    logs.closeAll();
    QueueDirectory.deleteJvmFolder();
  }

  /** A durable store and how many handles use it; guarded by {@link #durable}'s compute. */
  private static final class Shared {
    final QueueStore store;
    int handles = 1;

    Shared(QueueStore store) {
      this.store = store;
    }
  }
}
