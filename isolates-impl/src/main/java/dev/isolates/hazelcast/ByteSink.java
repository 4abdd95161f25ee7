package dev.isolates.hazelcast;

import dev.isolates.impl.value.ValueOutput;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Where a task, a result or a queue item is encoded before it travels: a growing array, little-endian. The bytes
 * leave this JVM, so values that hold a handle of one of its isolates or queues are refused as they are encoded.
 *
 * <p>Not thread-safe: one instance per encoding.
 */
final class ByteSink implements ValueOutput {
  private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private byte[] bytes = new byte[64];
  private int size;

  @Override
  public void writeByte(int value) {
    ensure(1);
    bytes[size++] = (byte) value;
  }

  @Override
  public void writeInt(int value) {
    ensure(4);
    INTS.set(bytes, size, value);
    size += 4;
  }

  @Override
  public void writeLong(long value) {
    ensure(8);
    LONGS.set(bytes, size, value);
    size += 8;
  }

  @Override
  public void writeBytes(byte[] source, int offset, int length) {
    ensure(length);
    System.arraycopy(source, offset, bytes, size, length);
    size += length;
  }

  @Override
  public void writeUtf8(String text) {
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    writeInt(utf8.length);
    writeBytes(utf8, 0, utf8.length);
  }

  @Override
  public String handleRefusal() {
    return "a handle of an isolate or a queue is valid in one JVM only, and the grid carries values to others; pass"
        + " the data it leads to instead, or a grid queue (HazelcastIsolates.queue)";
  }

  /** Returns what was written. */
  byte[] toByteArray() {
    return Arrays.copyOf(bytes, size);
  }

  private void ensure(int more) {
    if (size + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
    }
  }
}
