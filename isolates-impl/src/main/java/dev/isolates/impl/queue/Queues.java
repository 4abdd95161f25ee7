package dev.isolates.impl.queue;

import dev.isolates.IsolateQueue;
import dev.isolates.QueueException;
import dev.isolates.UnboundItems;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The queues of this JVM: creates and opens them, finds a handle by id (for handles passed inside queue items),
 * unbinds the items of an isolate that closes, recycles the files of closed temporary queues (see
 * {@link ChronicleFiles#recycle()}), and closes every queue at exit, deleting the temporary ones' files.
 */
public final class Queues {
  private final QueueContext context;
  private final AtomicLong nextId = new AtomicLong(1);
  private final Map<Long, ChronicleIsolateQueue<?>> handles = new ConcurrentHashMap<>();
  /** The stores of durable queues by real path, each with the number of open handles on it. */
  private final Map<Path, Shared> durable = new ConcurrentHashMap<>();
  /** Files of closed temporary queues, ready for new ones. */
  private final BlockingDeque<ChronicleFiles> recycled = new LinkedBlockingDeque<>(16);
  private final AtomicLong nextFolder = new AtomicLong(1);

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

  /** Backs {@code Isolates.createQueue}. */
  public <T> IsolateQueue<T> create(int maxSize, UnboundItems unboundItems) {
    ChronicleFiles files = recycled.pollFirst();
    if (files == null) {
      files = ChronicleFiles.createTemporary(QueueDirectory.newFolder("queue-" + nextFolder.getAndIncrement()));
    }
    long id = nextId.getAndIncrement();
    return register(new ChronicleIsolateQueue<>(id, this, new ItemStore(id, files, maxSize, unboundItems)));
  }

  /** Backs {@code Isolates.openQueue}. */
  public <T> IsolateQueue<T> open(Path dir, int maxSize, UnboundItems unboundItems) {
    Path folder = realFolder(dir);
    long id = nextId.getAndIncrement();
    Shared shared = durable.compute(folder, (key, existing) -> {
      if (existing != null) {
        existing.handles++;
        return existing;
      }
      return new Shared(new ItemStore(id, ChronicleFiles.openDurable(folder, maxSize, unboundItems)));
    });
    return register(new ChronicleIsolateQueue<>(id, this, shared.store));
  }

  /**
   * Returns the live handle with this id, for a reference read from a queue item; or else a closed handle,
   * which throws {@link dev.isolates.QueueNotFoundException} when used, as the original does after its close.
   */
  public IsolateQueue<?> handle(long id) {
    ChronicleIsolateQueue<?> queue = handles.get(id);
    return queue != null ? queue : ChronicleIsolateQueue.closed(id, this);
  }

  /** Marks the items an isolate put and nobody took yet unbound; called when the isolate closes. */
  public void unbind(long isolateId) {
    handles.values().forEach(queue -> queue.store().unbind(isolateId));
  }

  /** Called by a handle's close: closes a temporary queue, or a durable store once its last handle closes. */
  void release(ChronicleIsolateQueue<?> queue) {
    handles.remove(queue.id());
    ItemStore store = queue.store();
    if (!store.files.durable) {
      if (store.close() && !(store.files.recycle() && recycled.offerFirst(store.files))) {
        store.files.close();
      }
      return;
    }
    durable.computeIfPresent(store.files.dir, (folder, shared) -> {
      if (--shared.handles > 0) {
        return shared;
      }
      store.close();
      store.files.close();
      return null;
    });
  }

  private <T> ChronicleIsolateQueue<T> register(ChronicleIsolateQueue<T> queue) {
    handles.put(queue.id(), queue);
    return queue;
  }

  private static Path realFolder(Path dir) {
    try {
      Files.createDirectories(dir);
      return dir.toRealPath();
    } catch (IOException e) {
      throw new QueueException("cannot use " + dir.toAbsolutePath() + " as a queue folder: " + e, e);
    }
  }

  private void closeAllAtExit() {
    for (ChronicleIsolateQueue<?> queue : handles.values()) {
      if (queue.store().close()) {
        queue.store().files.close();
      }
    }
    for (ChronicleFiles files = recycled.poll(); files != null; files = recycled.poll()) {
      files.close();
    }
    QueueDirectory.deleteJvmFolder();
  }

  /** A durable store and how many handles use it; guarded by {@link #durable}'s compute. */
  private static final class Shared {
    final ItemStore store;
    int handles = 1;

    Shared(ItemStore store) {
      this.store = store;
    }
  }
}
