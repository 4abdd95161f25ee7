package dev.isolates.impl;

import dev.isolates.Whence;
import java.nio.ByteBuffer;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Encodes the objects that cross isolates by reference (isolate handles and queues) as their id within this
 * JVM, tagged with a token that tells this JVM from every other: a reference read by another process, or by a
 * later run from a durable queue, is refused instead of silently naming someone else's isolate or queue.
 */
final class References {
  /** Identifies this JVM run among the processes that share durable queues. */
  static final long JVM_TOKEN = ThreadLocalRandom.current().nextLong() ^ ProcessHandle.current().pid();

  private static final byte ISOLATE = 1;
  private static final byte QUEUE = 2;

  private References() {}

  static void write(SharedByReference value, ItemCodec.Writer out) {
    boolean isolate = value instanceof IsolateState;
    out.writeByte(isolate ? ISOLATE : QUEUE);
    out.writeLong(JVM_TOKEN);
    out.writeLong(isolate ? ((IsolateState) value).id() : ((ChronicleIsolateQueue<?>) value).id());
    if (isolate) {
      out.writeByte((byte) ((IsolateState) value).whence().ordinal());
    }
  }

  static Object read(ByteBuffer in) {
    boolean isolate = in.get() == ISOLATE;
    long token = in.getLong();
    long id = in.getLong();
    String what = (isolate ? "isolate " : "queue ") + id;
    if (token != JVM_TOKEN) {
      throw new UnshareableValue(isolate ? "dev.isolates.Isolate" : "dev.isolates.IsolateQueue", "it refers to "
          + what + " of another process or an earlier run, which this process cannot reach; put a durable"
          + " queue's folder instead, and open it with Isolates.openQueue", null);
    }
    return isolate ? isolate(id, Whence.values()[in.get()]) : Queues.handle(id);
  }

  /** The live isolate, or else a closed handle to it, which behaves like the original one after its close. */
  private static IsolateState isolate(long id, Whence whence) {
    IsolateState live = Registry.find(id);
    return live != null ? live : IsolateState.closed(id, whence);
  }
}
