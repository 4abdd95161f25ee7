package dev.isolates.hazelcast;

import dev.isolates.Isolate;
import dev.isolates.Isolates;
import dev.isolates.NotShareableException;
import dev.isolates.Whence;
import dev.isolates.impl.value.HandleLookup;
import dev.isolates.impl.value.Receiver;
import dev.isolates.impl.value.Values;

/**
 * The value model as the grid uses it: values are encoded where they are sent and decoded in the isolate of the
 * thread that receives them, with the classes of that isolate's loader, as for a local queue.
 */
final class GridValues {
  /**
   * Resolves handles read from bytes. Grid bytes never hold one ({@link ByteSink} refuses them), so a lookup
   * would mean bytes that were not written by this adapter.
   */
  static final HandleLookup NO_HANDLES = reference -> {
    throw new IllegalStateException("grid bytes hold a reference to " + reference + ", which no grid encoding writes");
  };

  private GridValues() {}

  /**
   * Encodes a value.
   *
   * @param root where the value sits, for messages: {@code item}, {@code result}
   * @throws NotShareableException if the value or a part of it cannot travel
   */
  static byte[] encode(Object value, String root) {
    ByteSink sink = new ByteSink();
    Values.encode(value, sink, root);
    return sink.toByteArray();
  }

  /**
   * Decodes a value into the calling thread's isolate.
   *
   * @throws NotShareableException if that isolate cannot load a class the value names
   */
  static Object decode(byte[] bytes, String root) {
    return Values.decode(new ByteSource(bytes), here(), NO_HANDLES, root);
  }

  /** The isolate the calling thread executes in, as the value model receives into it. */
  static Receiver here() {
    Isolate current = Isolates.current();
    if (current.whence() == Whence.RUNTIME) {
      return new Here(ClassLoader.getSystemClassLoader(), "the main isolate"); // main's loader, as the runtime has it
    }
    // Inside an isolate, the runtime makes its loader the thread's context class loader.
    return new Here(Thread.currentThread().getContextClassLoader(), "isolate " + current.id());
  }

  private record Here(ClassLoader loader, String label) implements Receiver {}
}
