package dev.isolates.impl;

import dev.isolates.IsolateQueue;
import dev.isolates.QueueException;
import dev.isolates.UnboundItems;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The queues of this JVM: creates and opens them, finds a handle by id (for handles passed inside queue items),
 * unbinds the items of an isolate that closes, recycles the files of closed temporary queues (see
 * {@link ChronicleFiles#recycle()}), and closes every queue at exit, deleting the temporary ones' files.
 */
final class Queues {
  private static final AtomicLong NEXT_ID = new AtomicLong(1);
  private static final Map<Long, ChronicleIsolateQueue<?>> HANDLES = new ConcurrentHashMap<>();
  /** The stores of durable queues by real path, each with the number of open handles on it. */
  private static final Map<Path, Shared> DURABLE = new ConcurrentHashMap<>();
  /** Files of closed temporary queues, ready for new ones. */
  private static final BlockingDeque<ChronicleFiles> RECYCLED = new LinkedBlockingDeque<>(16);
  private static final AtomicLong NEXT_FOLDER = new AtomicLong(1);

  static {
    Registry.onClose(isolate -> HANDLES.values().forEach(queue -> queue.store().unbind(isolate.id())));
    Thread hook = new Thread(null, Queues::closeAllAtExit, "isolates-queues-shutdown", 0, false);
    hook.setContextClassLoader(null);
    Runtime.getRuntime().addShutdownHook(hook);
  }

  private Queues() {}

  static <T> IsolateQueue<T> create(int maxSize, UnboundItems unboundItems) {
    ChronicleFiles files = RECYCLED.pollFirst();
    if (files == null) {
      files = ChronicleFiles.createTemporary(QueueDirectory.newFolder("queue-" + NEXT_FOLDER.getAndIncrement()));
    }
    long id = NEXT_ID.getAndIncrement();
    return register(new ChronicleIsolateQueue<>(id, new ItemStore(id, files, maxSize, unboundItems)));
  }

  static <T> IsolateQueue<T> open(Path dir, int maxSize, UnboundItems unboundItems) {
    Path folder = realFolder(dir);
    long id = NEXT_ID.getAndIncrement();
    Shared shared = DURABLE.compute(folder, (key, existing) -> {
      if (existing != null) {
        existing.handles++;
        return existing;
      }
      return new Shared(new ItemStore(id, ChronicleFiles.openDurable(folder, maxSize, unboundItems)));
    });
    return register(new ChronicleIsolateQueue<>(id, shared.store));
  }

  /**
   * The live handle with this id, for a reference read from a queue item; or else a closed handle, which
   * throws {@link dev.isolates.QueueNotFoundException} when used, as the original does after its close.
   */
  static ChronicleIsolateQueue<?> handle(long id) {
    ChronicleIsolateQueue<?> queue = HANDLES.get(id);
    return queue != null ? queue : ChronicleIsolateQueue.closed(id);
  }

  /** Called by a handle's close: closes a temporary queue, or a durable store once its last handle closes. */
  static void release(ChronicleIsolateQueue<?> queue) {
    HANDLES.remove(queue.id());
    ItemStore store = queue.store();
    if (!store.files.durable) {
      if (store.close() && !(store.files.recycle() && RECYCLED.offerFirst(store.files))) {
        store.files.close();
      }
      return;
    }
    DURABLE.computeIfPresent(store.files.dir, (folder, shared) -> {
      if (--shared.handles > 0) {
        return shared;
      }
      store.close();
      store.files.close();
      return null;
    });
  }

  private static <T> ChronicleIsolateQueue<T> register(ChronicleIsolateQueue<T> queue) {
    HANDLES.put(queue.id(), queue);
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

  private static void closeAllAtExit() {
    for (ChronicleIsolateQueue<?> queue : HANDLES.values()) {
      if (queue.store().close()) {
        queue.store().files.close();
      }
    }
    for (ChronicleFiles files = RECYCLED.poll(); files != null; files = RECYCLED.poll()) {
      files.close();
    }
    QueueDirectory.deleteJvmFolder();
  }

  /** A durable store and how many handles use it; guarded by {@link #DURABLE}'s compute. */
  private static final class Shared {
    final ItemStore store;
    int handles = 1;

    Shared(ItemStore store) {
      this.store = store;
    }
  }
}
