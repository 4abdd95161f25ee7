package dev.isolates.hazelcast;

import com.hazelcast.cluster.Member;
import com.hazelcast.collection.IQueue;
import com.hazelcast.core.HazelcastInstance;
import dev.isolates.IsolateQueue;
import dev.isolates.QueueEmptyException;
import dev.isolates.QueueException;
import dev.isolates.QueueFullException;
import dev.isolates.QueueNotFoundException;
import dev.isolates.UnboundItems;
import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The queue behind {@link HazelcastIsolates#queue}: a handle to Hazelcast's {@link IQueue} of that name, whose
 * items are values encoded by the putting thread's isolate and decoded in the taking thread's. Hazelcast keeps the
 * items, hands each to one taker, in order, and bounds the queue by its config.
 *
 * <p>A handle travels (in a task's captured values, or in an item) as the queue's name, and becomes a handle on
 * the instance that receives it (see {@link QueueByName}).
 */
final class GridQueue<T> implements IsolateQueue<T>, Serializable {
  private static final long serialVersionUID = 1L;
  private static final AtomicLong IDS = new AtomicLong();
  private static final int UNKNOWN = -1;

  private final transient HazelcastInstance hz;
  private final transient IQueue<byte[]> queue;
  private final transient long id = IDS.incrementAndGet();
  private transient volatile int maxSize = UNKNOWN;
  private transient volatile boolean closed;

  GridQueue(HazelcastInstance hz, String name) {
    this.hz = hz;
    this.queue = hz.getQueue(name);
  }

  @Override
  public long id() {
    return id;
  }

  /** The {@code max-size} of the cluster's config for this queue; 0 when unbounded. Read once, on first use. */
  @Override
  public int maxSize() {
    requireOpen();
    int size = maxSize;
    if (size == UNKNOWN) {
      size = configuredMaxSize();
      maxSize = size;
    }
    return size;
  }

  @Override
  public UnboundItems unboundItems() {
    return UnboundItems.REPLACE;
  }

  @Override
  public boolean isEmpty() {
    return size() == 0;
  }

  @Override
  public boolean isFull() {
    int max = maxSize();
    return max > 0 && size() >= max;
  }

  @Override
  public int size() {
    requireOpen();
    try {
      return queue.size();
    } catch (RuntimeException e) {
      throw failed("read the size of", e);
    }
  }

  // ------------------------------------------------------------------------------------------------ putting

  @Override
  public void put(T item) {
    offer(item, Waits.FOREVER);
  }

  @Override
  public void put(T item, Duration timeout) {
    if (!offer(item, nanos(timeout))) {
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
    return offer(item, 0);
  }

  /** Puts an item, waiting up to {@code nanos} for room (see {@link Waits}); false if none was made. */
  private boolean offer(T item, long nanos) {
    Objects.requireNonNull(item, "item: queues refuse null, which stands for an unbound item");
    requireOpen();
    byte[] bytes = GridValues.encode(item, "item");
    long deadline = Waits.deadline(nanos);
    try {
      for (long left = nanos; ; left = deadline - System.nanoTime()) {
        Waits.requireNotInterrupted();
        if (left <= 0 ? queue.offer(bytes) : queue.offer(bytes, Waits.slice(left), TimeUnit.NANOSECONDS)) {
          return true;
        }
        if (left <= Waits.SLICE) {
          return false;
        }
      }
    } catch (InterruptedException e) {
      throw interrupted("put an item into", e);
    } catch (RuntimeException e) {
      throw failed("put an item into", e);
    }
  }

  private QueueFullException full(Duration timeout) {
    return new QueueFullException("grid queue '" + queue.getName() + "' is full: it holds its maximum of "
        + maxSize() + " items" + (timeout.isZero() ? "" : ", and no room was made within " + timeout));
  }

  // ------------------------------------------------------------------------------------------------ taking

  @Override
  public T get() {
    return poll(Waits.FOREVER, null);
  }

  @Override
  public T get(Duration timeout) {
    return poll(nanos(timeout), timeout);
  }

  @Override
  public T getNowait() {
    return poll(0, Duration.ZERO);
  }

  @Override
  public T poll() {
    return poll(0, null);
  }

  @Override
  public T poll(Duration timeout) {
    return poll(nanos(timeout), null);
  }

  /**
   * Takes the next item, waiting up to {@code nanos} (see {@link Waits}), and decodes it in the calling
   * thread's isolate; an item that cannot be decoded there is lost with the exception.
   *
   * @param emptyAfter if not null, throw {@link QueueEmptyException} saying this was waited in vain, not null
   */
  @SuppressWarnings("unchecked")
  private T poll(long nanos, Duration emptyAfter) {
    requireOpen();
    long deadline = Waits.deadline(nanos);
    byte[] bytes;
    try {
      for (long left = nanos; ; left = deadline - System.nanoTime()) {
        Waits.requireNotInterrupted();
        bytes = left <= 0 ? queue.poll() : queue.poll(Waits.slice(left), TimeUnit.NANOSECONDS);
        if (bytes != null || left <= Waits.SLICE) {
          break;
        }
      }
    } catch (InterruptedException e) {
      throw interrupted("take an item from", e);
    } catch (RuntimeException e) {
      throw failed("take an item from", e);
    }
    if (bytes == null && emptyAfter != null) {
      throw new QueueEmptyException("grid queue '" + queue.getName() + "' is empty"
          + (emptyAfter.isZero() ? "" : ", and no item arrived within " + emptyAfter));
    }
    return bytes == null ? null : (T) GridValues.decode(bytes, "item");
  }

  // ------------------------------------------------------------------------------------------------ the handle

  /** Closes this handle only: the cluster's queue and its items stay, for every other handle. */
  @Override
  public void close() {
    closed = true;
  }

  @Override
  public String toString() {
    return "HazelcastIsolates.queue['" + queue.getName() + "', id=" + id + (closed ? ", closed" : "") + ']';
  }

  /** Travels as the queue's name. */
  private Object writeReplace() {
    return new QueueByName(queue.getName(), hz.getName(), hz.getConfig().getClusterName());
  }

  private void requireOpen() {
    if (closed) {
      throw new QueueNotFoundException("grid queue handle " + id + " ('" + queue.getName() + "') was closed; the"
          + " cluster's queue and its items stay: open another handle with HazelcastIsolates.queue");
    }
  }

  private int configuredMaxSize() {
    int configured;
    try {
      if (hz.getLocalEndpoint() instanceof Member) {
        configured = hz.getConfig().getQueueConfig(queue.getName()).getMaxSize();
      } else { // a client cannot read the cluster's config: a member reads it
        configured = hz.getExecutorService(PoolCommand.EXECUTOR).submit(new QueueLimit(queue.getName())).get();
      }
    } catch (InterruptedException e) {
      throw interrupted("read the max-size of", e);
    } catch (ExecutionException e) {
      throw failed("read the max-size of", e.getCause());
    } catch (RuntimeException e) {
      throw failed("read the max-size of", e);
    }
    return configured == Integer.MAX_VALUE ? 0 : configured; // Hazelcast reads an unbounded queue's 0 as MAX_VALUE
  }

  private static long nanos(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must not be negative, but was " + timeout);
    }
    try {
      return timeout.toNanos();
    } catch (ArithmeticException tooLong) {
      return Waits.FOREVER;
    }
  }

  /** The thread was interrupted while it waited; it stays interrupted, and nothing was put or taken. */
  private QueueException interrupted(String what, InterruptedException e) {
    Thread.currentThread().interrupt();
    return new QueueException("interrupted while waiting to " + what + " grid queue '" + queue.getName()
        + "'; nothing was put or taken, and the thread is still interrupted", e);
  }

  private QueueException failed(String what, Throwable e) {
    return new QueueException("could not " + what + " grid queue '" + queue.getName() + "': " + e.getMessage()
        + (hz.getLifecycleService().isRunning() ? "" : "; its Hazelcast instance is shut down: open the queue on a"
            + " running one"), e);
  }
}
