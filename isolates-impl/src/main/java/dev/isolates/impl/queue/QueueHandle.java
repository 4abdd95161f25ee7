package dev.isolates.impl.queue;

import dev.isolates.IsolateQueue;
import dev.isolates.ItemIsolateClosedException;
import dev.isolates.QueueEmptyException;
import dev.isolates.QueueFullException;
import dev.isolates.QueueNotFoundException;
import dev.isolates.UnboundItems;
import dev.isolates.impl.value.Reference;
import dev.isolates.impl.value.SharedByReference;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * A handle to a queue, as users hold it: the blocking and timeout semantics of {@link IsolateQueue} over a
 * {@link QueueStore}. Values are encoded in the putting thread's isolate and decoded in the taking thread's.
 * Handles cross isolates by reference.
 *
 * <p>A temporary queue has one handle, whose close closes the store. A durable queue's store is shared by the
 * handles opened on its folder in this JVM, and closes with the last of them.
 */
final class QueueHandle<T> implements IsolateQueue<T>, SharedByReference {
  private final long id;
  private final Queues queues;
  /** Null for a handle to a queue that was closed before it was read from an item. */
  private final QueueStore store;
  private volatile boolean closed;

  QueueHandle(long id, Queues queues, QueueStore store) {
    this.id = id;
    this.queues = queues;
    this.store = store;
  }

  /** A handle to a queue that was closed, for a reference to it read from an item. */
  static <T> QueueHandle<T> closed(long id) {
    QueueHandle<T> queue = new QueueHandle<>(id, null, null);
    queue.closed = true;
    return queue;
  }

  @Override
  public long id() {
    return id;
  }

  @Override
  public Reference reference() {
    return new Reference(Reference.Kind.QUEUE, id, 0);
  }

  @Override
  public int maxSize() {
    return store == null ? 0 : store.maxSize();
  }

  @Override
  public UnboundItems unboundItems() {
    return store == null ? UnboundItems.REPLACE : store.unboundItems();
  }

  QueueStore store() {
    return store;
  }

  /** The folder of a durable queue, or null. */
  Path folder() {
    return store == null ? null : store.folder();
  }

  @Override
  public boolean isEmpty() {
    return size() == 0;
  }

  @Override
  public boolean isFull() {
    int size = size(); // first, so that a closed handle throws
    return store.maxSize() > 0 && size >= store.maxSize();
  }

  @Override
  public int size() {
    requireOpen();
    return (int) Math.min(Integer.MAX_VALUE, store.size());
  }

  // ------------------------------------------------------------------------------------------------ putting

  @Override
  public void put(T item) {
    put(item, Long.MAX_VALUE);
  }

  @Override
  public void put(T item, Duration timeout) {
    if (!put(item, deadline(timeout))) {
      throw full(timeout);
    }
  }

  @Override
  public void putNowait(T item) {
    if (!offer(item)) {
      throw full(Duration.ZERO);
    }
  }

  @Override
  public boolean offer(T item) {
    return put(item, System.nanoTime());
  }

  private QueueFullException full(Duration timeout) {
    return new QueueFullException("queue " + id + " is full: it holds its maximum of " + store.maxSize()
        + " items" + (timeout.isZero() ? "" : ", and no room was made within " + timeout));
  }

  /** Puts an item, waiting for room until the deadline; false if there was none. */
  private boolean put(T item, long deadline) {
    Objects.requireNonNull(item, "item: queues refuse null, which stands for an unbound item");
    requireOpen();
    long producer = queues.context().currentId();
    Object prepared = store.prepare(item, producer);
    try {
      if (store.offer(prepared, producer)) {
        return true; // an unbounded queue always has room: it never reads what waiting for room needs
      }
      Wakeup roomMade = store.roomMade();
      while (true) {
        long seen = roomMade.seen(); // before the check, so that room made after it wakes the wait
        if (store.offer(prepared, producer)) {
          return true;
        }
        if (System.nanoTime() - deadline >= 0) {
          return false;
        }
        roomMade.await(seen, deadline);
        requireOpen();
      }
    } finally {
      if (prepared instanceof ItemWriter) {
        ((ItemWriter) prepared).release();
      }
    }
  }

  // ------------------------------------------------------------------------------------------------ taking

  @Override
  public T get() {
    return get(Long.MAX_VALUE, null);
  }

  @Override
  public T get(Duration timeout) {
    return get(deadline(timeout), timeout);
  }

  @Override
  public T getNowait() {
    return get(System.nanoTime(), Duration.ZERO);
  }

  @Override
  public T poll() {
    requireOpen();
    return item(store.poll(queues.context()));
  }

  @Override
  public T poll(Duration timeout) {
    Object taken = take(deadline(timeout));
    return taken == QueueStore.NOTHING ? null : item(taken);
  }

  private T get(long deadline, Duration timeout) {
    Object taken = take(deadline);
    if (taken == QueueStore.NOTHING) {
      throw new QueueEmptyException("queue " + id + " is empty"
          + (timeout == null || timeout.isZero() ? "" : ", and no item arrived within " + timeout));
    }
    return item(taken);
  }

  /** Takes the next item, waiting until the deadline; {@link QueueStore#NOTHING} if none came. */
  private Object take(long deadline) {
    requireOpen();
    Object taken = store.poll(queues.context());
    if (taken != QueueStore.NOTHING) {
      return taken; // an item was there: the count of items put, which the producers move, was not read
    }
    Wakeup itemPut = store.itemPut();
    while (true) {
      long seen = itemPut.seen(); // before the check, so that an item put after it wakes the wait
      taken = store.poll(queues.context());
      if (taken != QueueStore.NOTHING || System.nanoTime() - deadline >= 0) {
        return taken;
      }
      itemPut.await(seen, deadline);
      requireOpen();
    }
  }

  /** What a take hands out: the value, {@code null} for an unbound item, or the exception for one. */
  @SuppressWarnings("unchecked")
  private T item(Object taken) {
    if (taken instanceof QueueStore.UnboundItem) {
      throw new ItemIsolateClosedException("queue " + id + ": the item taken was put by isolate "
          + ((QueueStore.UnboundItem) taken).producer() + ", which was closed before the item was taken"
          + " (the queue's policy is UnboundItems.ERROR)");
    }
    return taken == QueueStore.NOTHING ? null : (T) taken;
  }

  // ------------------------------------------------------------------------------------------------ lifecycle

  @Override
  public void close() {
    if (!closed && store != null) {
      closed = true;
      queues.release(this, store);
    }
  }

  /**
   * Throws if this handle is closed. The store closes only once its handles did (a temporary store has one), so
   * this is the one check of an operation; a durable store checks again, since it must not touch unmapped files.
   */
  private void requireOpen() {
    if (closed) {
      throw new QueueNotFoundException("queue " + id + " was closed" + (folder() != null
          ? " (this handle); its folder " + folder() + " still holds its items: open it again with"
              + " Isolates.openQueue"
          : ""));
    }
  }

  private static long deadline(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must not be negative, but was " + timeout);
    }
    long now = System.nanoTime();
    long nanos;
    try {
      nanos = timeout.toNanos();
    } catch (ArithmeticException tooLong) {
      return Long.MAX_VALUE;
    }
    return nanos >= Long.MAX_VALUE - now ? Long.MAX_VALUE : now + nanos;
  }

  @Override
  public String toString() {
    return "IsolateQueue[id=" + id + (store == null ? "" : ", " + store) + (closed ? ", closed" : ", open") + ']';
  }
}
