package dev.isolates.examples.bench;

import dev.isolates.IsolateQueue;

/**
 * The loops that producer, consumer and echo isolates run in their {@code callInThread} threads. Like
 * {@link Bench}, loaded again by every isolate that runs them, so free of JMH and Chronicle types.
 */
final class QueueTasks {
  /** The item that tells an echo loop to stop. */
  static final int STOP = -1;

  private QueueTasks() {}

  /** Puts {@code count} new byte arrays of {@code itemBytes} bytes, as a producer that makes each item. */
  static void produce(IsolateQueue<byte[]> queue, int itemBytes, int count) {
    for (int i = 0; i < count; i++) {
      byte[] item = new byte[itemBytes];
      item[0] = (byte) i;
      queue.put(item);
    }
  }

  /** Takes {@code count} items. */
  static void consume(IsolateQueue<byte[]> queue, int count) {
    for (int i = 0; i < count; i++) {
      queue.get();
    }
  }

  /** Answers each ping with the same value on {@code pong}, with blocking gets, until {@link #STOP}. */
  static void echo(IsolateQueue<Integer> ping, IsolateQueue<Integer> pong) {
    int value;
    do {
      value = ping.get();
      pong.put(value);
    } while (value != STOP);
  }

  /** Answers each ping like {@link #echo}, but polls for it without ever parking its thread. */
  static void echoSpinning(IsolateQueue<Integer> ping, IsolateQueue<Integer> pong) {
    int value;
    do {
      value = spinGet(ping);
      pong.put(value);
    } while (value != STOP);
  }

  /** Takes the next item without blocking: {@code poll()} in a loop, as a consumer that spins does. */
  static <T> T spinGet(IsolateQueue<T> queue) {
    T item;
    while ((item = queue.poll()) == null) {
      Thread.onSpinWait();
    }
    return item;
  }
}
