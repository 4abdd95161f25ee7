package dev.isolates.impl.queue;

import dev.isolates.UnboundItems;
import dev.isolates.impl.value.HandleLookup;
import dev.isolates.impl.value.Receiver;
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

  /** Starts an item in {@code writer}: whatever the store writes before the value. */
  void startItem(ItemWriter writer, long producer);

  /**
   * Stores an item started with {@link #startItem} if there is room.
   *
   * @param producer the id of the isolate that puts it, 0 for main
   * @return false if the queue is full
   */
  boolean offer(ItemWriter item, long producer);

  /**
   * Takes the next item.
   *
   * @return the value decoded into {@code into}; {@code null} for an unbound item under
   *     {@link UnboundItems#REPLACE}; an {@link UnboundItem} under {@link UnboundItems#ERROR}; or {@link #NOTHING}
   * @throws dev.isolates.NotShareableException if {@code into} cannot decode the item, which then stays
   */
  Object poll(Receiver into, HandleLookup handles);

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

  /**
   * Throws {@link dev.isolates.QueueNotFoundException} if the store is closed.
   *
   * @param queueId the id of the handle asking, for the message
   */
  void requireOpen(long queueId);

  /** An item whose isolate closed before it was taken, under {@link UnboundItems#ERROR}. */
  record UnboundItem(long producer) {}
}
