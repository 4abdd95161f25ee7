package dev.isolates.hazelcast;

import dev.isolates.impl.value.ValueInput;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Reads back, in order, what a {@link ByteSink} wrote.
 *
 * <p>Not thread-safe: one instance per decoding.
 */
final class ByteSource implements ValueInput {
  private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private final byte[] bytes;
  private int position;

  ByteSource(byte[] bytes) {
    this.bytes = bytes;
  }

  @Override
  public byte readByte() {
    return bytes[position++];
  }

  @Override
  public int readInt() {
    int value = (int) INTS.get(bytes, position);
    position += 4;
    return value;
  }

  @Override
  public long readLong() {
    long value = (long) LONGS.get(bytes, position);
    position += 8;
    return value;
  }

  @Override
  public void readBytes(byte[] target, int offset, int length) {
    System.arraycopy(bytes, position, target, offset, length);
    position += length;
  }

  @Override
  public String readUtf8() {
    int length = readInt();
    String text = new String(bytes, position, length, StandardCharsets.UTF_8);
    position += length;
    return text;
  }
}
