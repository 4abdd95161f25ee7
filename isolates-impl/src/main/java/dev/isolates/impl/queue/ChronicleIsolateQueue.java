package dev.isolates.impl.queue;

import dev.isolates.IsolateQueue;
import dev.isolates.ItemIsolateClosedException;
import dev.isolates.QueueEmptyException;
import dev.isolates.QueueFullException;
import dev.isolates.QueueNotFoundException;
import dev.isolates.UnboundItems;
import dev.isolates.impl.value.Receiver;
import dev.isolates.impl.value.Reference;
import dev.isolates.impl.value.SharedByReference;
import dev.isolates.impl.value.Values;
import java.time.Duration;
import java.util.Objects;

/**
 * A handle to a queue, as users hold it: the blocking and timeout semantics of {@link IsolateQueue} on top of
 * an {@link ItemStore}. Values are encoded in the putting thread's isolate and decoded in the taking thread's
 * (see {@link Values}). Handles cross isolates by reference.
 *
 * <p>A temporary queue has one handle, whose close releases the store. A durable queue's store is shared by
 * the handles opened on its folder in this JVM, and closes with the last of them.
 */
final class ChronicleIsolateQueue<T> implements IsolateQueue<T>, SharedByReference {
  private final long id;
  private final Queues queues;
  private final ItemStore store;
  private volatile boolean closed;

  ChronicleIsolateQueue(long id, Queues queues, ItemStore store) {
    this.id = id;
    this.queues = queues;
    this.store = store;
  }

  /** A handle to a queue that was closed, for a reference to it read from a queue item. */
  static <T> ChronicleIsolateQueue<T> closed(long id, Queues queues) {
    ChronicleIsolateQueue<T> queue = new ChronicleIsolateQueue<>(id, queues, null);
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
    return store == null ? 0 : store.maxSize;
  }

  @Override
  public UnboundItems unboundItems() {
    return store == null ? UnboundItems.REPLACE : store.unboundItems;
  }

  @Override
  public boolean isEmpty() {
    return size() == 0;
  }

  @Override
  public boolean isFull() {
    int size = size(); // first, so that a closed handle throws
    return store.maxSize > 0 && size >= store.maxSize;
  }

  @Override
  public int size() {
    enter();
    try {
      return (int) Math.min(Integer.MAX_VALUE, store.size());
    } finally {
      store.leave();
    }
  }

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
    return new QueueFullException("queue " + id + " is full: it holds its maximum of " + store.maxSize
        + " items" + (timeout.isZero() ? "" : ", and no room was made within " + timeout));
  }

  /** Puts an item, waiting for room until the deadline; false if there was none. */
  private boolean put(T item, long deadline) {
    Objects.requireNonNull(item, "item: queues refuse null, which stands for an unbound item");
    long producer = queues.context().currentId();
    ItemWriter writer = ItemWriter.acquire();
    try {
      ItemStore.writeHeader(writer, producer);
      Values.encode(item, writer, "item");
      return put(writer, producer, deadline);
    } finally {
      writer.release();
    }
  }

  private boolean put(ItemWriter writer, long producer, long deadline) {
    while (true) {
      long seen;
      enter();
      try {
        seen = store.roomMade.version();
        if (store.tryReserve()) {
          store.append(writer, producer);
          return true;
        }
      } finally {
        store.leave();
      }
      if (System.nanoTime() - deadline >= 0) {
        return false;
      }
      store.roomMade.await(seen, deadline);
    }
  }

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
    return poll(System.nanoTime());
  }

  @Override
  public T poll(Duration timeout) {
    return poll(deadline(timeout));
  }

  @SuppressWarnings("unchecked")
  private T poll(long deadline) {
    Object taken = take(deadline);
    return taken == ItemStore.NOTHING ? null : (T) taken;
  }

  @SuppressWarnings("unchecked")
  private T get(long deadline, Duration timeout) {
    Object taken = take(deadline);
    if (taken == ItemStore.NOTHING) {
      throw new QueueEmptyException("queue " + id + " is empty"
          + (timeout == null || timeout.isZero() ? "" : ", and no item arrived within " + timeout));
    }
    return (T) taken;
  }

  /** Takes the next item, waiting until the deadline; {@link ItemStore#NOTHING} if none came. */
  private Object take(long deadline) {
    Receiver into = queues.context().current();
    while (true) {
      long seen;
      Object taken;
      enter();
      try {
        seen = store.itemPut.version();
        taken = store.take(into, queues.context().handles());
      } finally {
        store.leave();
      }
      if (taken instanceof ItemStore.UnboundItem) {
        throw new ItemIsolateClosedException("queue " + id + ": the item taken was put by isolate "
            + ((ItemStore.UnboundItem) taken).producer() + ", which was closed before the item was taken"
            + " (the queue's policy is UnboundItems.ERROR)");
      }
      if (taken != ItemStore.NOTHING || System.nanoTime() - deadline >= 0) {
        return taken;
      }
      store.itemPut.await(seen, deadline);
    }
  }

  @Override
  public void close() {
    if (!closed && !isDetached()) {
      closed = true;
      queues.release(this);
    }
  }

  ItemStore store() {
    return store;
  }

  boolean isClosed() {
    return closed || isDetached() || store.isClosed();
  }

  /** Closed handles have no store; they throw on every use. */
  private boolean isDetached() {
    return store == null;
  }

  private void enter() {
    if (closed) {
      throw new QueueNotFoundException("queue " + id + " was closed" + (!isDetached() && store.files.durable
          ? " (this handle);"
          + " its folder " + store.files.dir + " still holds its items: open it again with Isolates.openQueue"
          : ""));
    }
    store.enter();
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
    if (isDetached()) {
      return "IsolateQueue[id=" + id + ", closed]";
    }
    return "IsolateQueue[id=" + id + (store.maxSize > 0 ? ", maxSize=" + store.maxSize : ", unbounded")
        + ", unboundItems=" + store.unboundItems + (store.files.durable ? ", durable in " + store.files.dir : "")
        + (isClosed() ? ", closed" : ", open") + ']';
  }
}
