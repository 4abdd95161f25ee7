package dev.isolates.impl.queue;

import dev.isolates.UnboundItems;
import java.nio.file.Path;

/**
 * Where a queue's items are kept, and the protocol that hands each one out once: a {@link TemporaryStore} for
 * the queues of {@code createQueue}, a {@link DurableStore} for those of {@code openQueue}. {@link QueueHandle}
 * adds the waiting and the timeouts on top.
 */
interface QueueStore {
  /** What {@link #poll} returns when there is nothing to take. */
  Object NOTHING = new Object();

  int maxSize();

  UnboundItems unboundItems();

  /** The folder of a durable queue, or null for a temporary one. */
  Path folder();

  /** Items put and not yet taken; the answer may be stale by the time it is read. */
  long size();

  /**
   * Gets an item ready to store, in the putting thread and its isolate. Encodes it now into an {@link ItemWriter}
   * if encoding may run the application's code (a record's accessors, say), which must not run while the store
   * holds a lock, or if the store keeps the encoding in another form; otherwise returns the item itself, which
   * {@link #offer} then encodes straight into storage. Either way the item is encoded once, however often
   * {@code offer} is tried. Give an {@code ItemWriter} back with {@link ItemWriter#release()} when done.
   *
   * @param producer the id of the isolate that puts it, 0 for main
   * @throws dev.isolates.NotShareableException if the item cannot cross
   */
  Object prepare(Object item, long producer);

  /**
   * Stores an item from {@link #prepare} if there is room.
   *
   * @param producer the id of the isolate that puts it, 0 for main
   * @return false if the queue is full
   */
  boolean offer(Object prepared, long producer);

  /**
   * Takes the next item.
   *
   * @param context gives the isolate that receives the item, asked only once there is one
   * @return the value decoded into the receiving isolate; {@code null} for an unbound item under
   *     {@link UnboundItems#REPLACE}; an {@link UnboundItem} under {@link UnboundItems#ERROR}; or {@link #NOTHING}
   * @throws dev.isolates.NotShareableException if the receiver cannot decode the item, which then stays
   */
  Object poll(QueueContext context);

  /** Signalled when an item is put. */
  Wakeup itemPut();

  /** Signalled when room is made in a bounded queue. */
  Wakeup roomMade();

  /** Marks the items an isolate put and nobody took yet unbound; called when the isolate closes. */
  void unbind(long isolate);

  /**
   * Closes the store once no thread is inside an operation, and wakes the waiting threads, which then find it
   * closed. Has no effect if already closed.
   */
  void close();

  /** An item whose isolate closed before it was taken, under {@link UnboundItems#ERROR}. */
  record UnboundItem(long producer) {}
}
