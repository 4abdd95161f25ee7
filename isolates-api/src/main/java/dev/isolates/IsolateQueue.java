package dev.isolates;

import java.time.Duration;

/**
 * A FIFO queue that carries values between isolates (Python's {@code concurrent.interpreters.Queue}), backed
 * by Chronicle Queue. Create one with {@link Isolates#createQueue()}; pass the handle to isolates as an
 * argument, a captured value, a {@link Isolate#prepareMain} binding or an item of another queue: every isolate
 * then holds the same queue, not a copy.
 *
 * <pre>{@code
 * IsolateQueue<Integer> results = Isolates.createQueue();
 * try (Isolate worker = Isolates.create()) {
 *   worker.callInThread(Demo::add, results, 10, 2).join(); // puts 12 from inside the isolate
 *   int sum = results.get();                              // 12, taken in main
 * }
 * results.close();
 * }</pre>
 *
 * <h2>Items</h2>
 * An item is encoded into the queue's storage by the producer and decoded in the isolate that takes it, so the
 * consumer receives a copy built from its own classes: a record put by one isolate arrives in another as that
 * isolate's class of the same name. Items must be shareable values or {@link java.io.Serializable} (see
 * {@link Isolates#isShareable(Object)}); {@code null} items are refused, so that {@code null} can stand for an
 * unbound item (see {@link UnboundItems}).
 *
 * <h2>Delivery</h2>
 * Each item is delivered to exactly one {@code get}, however many threads and isolates put and take; items put
 * by one thread are taken in the order they were put. A blocked {@code get} or {@code put} wakes promptly when
 * the other side acts, and throws {@link IsolateException} wrapping {@link InterruptedException} if its thread
 * is interrupted, with the thread's interrupt status set again. Actions in a thread before it puts an item
 * happen-before the actions that follow the {@code get} that takes it.
 *
 * <h2>Lifecycle</h2>
 * {@link #close()} releases the queue's storage, in every isolate at once: after it, every method throws
 * {@link QueueNotFoundException}. A durable queue from {@link Isolates#openQueue} differs: closing its handle
 * releases the handle only, and its folder and items stay for the next {@code openQueue}.
 *
 * @param <T> the type of the items
 */
public interface IsolateQueue<T> extends AutoCloseable {

  /**
   * Returns the queue's id, unique among the queues of this JVM.
   *
   * @return the id
   */
  long id();

  /**
   * Returns the most items the queue holds before {@code put} blocks.
   *
   * @return the maximum size, or 0 if the queue is unbounded
   */
  int maxSize();

  /**
   * Returns what the queue does with items whose producing isolate was closed before they were taken.
   *
   * @return the policy chosen when the queue was created
   */
  UnboundItems unboundItems();

  /**
   * Tells whether the queue holds no items. The answer may be stale by the time it is read.
   *
   * @return true if {@link #size()} is 0
   * @throws QueueNotFoundException if the queue was closed
   */
  boolean isEmpty();

  /**
   * Tells whether the queue is bounded and holds {@link #maxSize()} items. The answer may be stale by the
   * time it is read.
   *
   * @return true if a {@code putNowait} would fail now
   * @throws QueueNotFoundException if the queue was closed
   */
  boolean isFull();

  /**
   * Returns the number of items put and not yet taken. The answer may be stale by the time it is read.
   *
   * @return the number of items in the queue
   * @throws QueueNotFoundException if the queue was closed
   */
  int size();

  /**
   * Adds an item, waiting while the queue is full.
   *
   * @param item the item, a shareable or serializable value
   * @throws NullPointerException if {@code item} is null
   * @throws NotShareableException if the item cannot be encoded
   * @throws QueueNotFoundException if the queue was closed
   * @throws IsolateException if the thread is interrupted while waiting (its interrupt status is set again)
   */
  void put(T item);

  /**
   * Adds an item, waiting at most {@code timeout} while the queue is full.
   *
   * @param item the item, a shareable or serializable value
   * @param timeout how long to wait for room; zero means do not wait
   * @throws NullPointerException if {@code item} or {@code timeout} is null
   * @throws IllegalArgumentException if {@code timeout} is negative
   * @throws QueueFullException if the queue is still full when the time runs out
   * @throws NotShareableException if the item cannot be encoded
   * @throws QueueNotFoundException if the queue was closed
   * @throws IsolateException if the thread is interrupted while waiting (its interrupt status is set again)
   */
  void put(T item, Duration timeout);

  /**
   * Adds an item if there is room now.
   *
   * @param item the item, a shareable or serializable value
   * @throws NullPointerException if {@code item} is null
   * @throws QueueFullException if the queue is full
   * @throws NotShareableException if the item cannot be encoded
   * @throws QueueNotFoundException if the queue was closed
   */
  void putNowait(T item);

  /**
   * Takes the next item, waiting while the queue is empty.
   *
   * @return the item, decoded in the calling isolate; {@code null} for an unbound item under
   *     {@link UnboundItems#REPLACE}
   * @throws ItemIsolateClosedException in place of an unbound item under {@link UnboundItems#ERROR}
   * @throws QueueNotFoundException if the queue was closed
   * @throws IsolateException if the thread is interrupted while waiting (its interrupt status is set again)
   */
  T get();

  /**
   * Takes the next item, waiting at most {@code timeout} while the queue is empty.
   *
   * @param timeout how long to wait for an item; zero means do not wait
   * @return the item, decoded in the calling isolate; {@code null} for an unbound item under
   *     {@link UnboundItems#REPLACE}
   * @throws NullPointerException if {@code timeout} is null
   * @throws IllegalArgumentException if {@code timeout} is negative
   * @throws QueueEmptyException if the queue is still empty when the time runs out
   * @throws ItemIsolateClosedException in place of an unbound item under {@link UnboundItems#ERROR}
   * @throws QueueNotFoundException if the queue was closed
   * @throws IsolateException if the thread is interrupted while waiting (its interrupt status is set again)
   */
  T get(Duration timeout);

  /**
   * Takes the next item if there is one now.
   *
   * @return the item, decoded in the calling isolate; {@code null} for an unbound item under
   *     {@link UnboundItems#REPLACE}
   * @throws QueueEmptyException if the queue is empty
   * @throws ItemIsolateClosedException in place of an unbound item under {@link UnboundItems#ERROR}
   * @throws QueueNotFoundException if the queue was closed
   */
  T getNowait();

  /**
   * Takes the next item if there is one now, as {@link java.util.Queue#poll()} does. Costs little on an empty
   * queue and throws nothing then: it is what a consumer that spins calls.
   *
   * @return the item, decoded in the calling isolate, or {@code null} if the queue is empty; also {@code null}
   *     for an unbound item under {@link UnboundItems#REPLACE}, which is taken
   * @throws ItemIsolateClosedException in place of an unbound item under {@link UnboundItems#ERROR}
   * @throws QueueNotFoundException if the queue was closed
   */
  T poll();

  /**
   * Takes the next item, waiting at most {@code timeout} while the queue is empty, as
   * {@link java.util.concurrent.BlockingQueue#poll(long, java.util.concurrent.TimeUnit)} does.
   *
   * @param timeout how long to wait for an item; zero means do not wait
   * @return the item, decoded in the calling isolate, or {@code null} if none arrived in time (or for an unbound
   *     item under {@link UnboundItems#REPLACE})
   * @throws NullPointerException if {@code timeout} is null
   * @throws IllegalArgumentException if {@code timeout} is negative
   * @throws ItemIsolateClosedException in place of an unbound item under {@link UnboundItems#ERROR}
   * @throws QueueNotFoundException if the queue was closed
   * @throws IsolateException if the thread is interrupted while waiting (its interrupt status is set again)
   */
  T poll(Duration timeout);

  /**
   * Adds an item if there is room now, as {@link java.util.Queue#offer(Object)} does.
   *
   * @param item the item, a shareable or serializable value
   * @return true if the item was added, false at once if the queue is full
   * @throws NullPointerException if {@code item} is null
   * @throws NotShareableException if the item cannot be encoded
   * @throws QueueNotFoundException if the queue was closed
   */
  boolean offer(T item);

  /**
   * Closes the queue. A queue from {@link Isolates#createQueue} releases its storage and its items, for every
   * isolate that holds it; a durable queue from {@link Isolates#openQueue} releases this handle only and keeps
   * its folder. Threads blocked in {@code get} or {@code put} wake with {@link QueueNotFoundException}. Has no
   * effect if already closed.
   */
  @Override
  void close();
}
