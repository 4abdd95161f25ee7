package dev.isolates.impl.queue;

import dev.isolates.impl.value.ValueOutput;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable little-endian byte buffer that items are encoded into: the putting thread's, for an item whose
 * encoding may run the application's code (see {@link QueueStore#prepare}), one per thread and reused for every
 * item; or a shared log's batch (see {@link SharedLog}), used under its lock. Not thread-safe.
 */
final class ItemWriter implements ValueOutput {
  private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  /** A buffer grown beyond this for one large item is dropped after it, so that threads do not keep it. */
  private static final int KEPT_CAPACITY = 64 << 10;
  private static final ThreadLocal<ItemWriter> PER_THREAD = ThreadLocal.withInitial(ItemWriter::new);

  private byte[] data;
  private int length;
  private boolean inUse;

  ItemWriter() {
    this(256);
  }

  ItemWriter(int capacity) {
    data = new byte[capacity];
  }

  /**
   * Returns the calling thread's writer, emptied, or a new one if it is in use: encoding may run user code
   * (a record's accessor) that puts to a queue itself. Give it back with {@link #release()}.
   */
  static ItemWriter acquire() {
    ItemWriter writer = PER_THREAD.get();
    if (writer.inUse) {
      writer = new ItemWriter();
    }
    writer.inUse = true;
    writer.length = 0;
    return writer;
  }

  /** Frees the writer, dropping a buffer grown for one large item. */
  void release() {
    inUse = false;
    if (data.length > KEPT_CAPACITY) {
      data = new byte[256];
    }
  }

  byte[] data() {
    return data;
  }

  int length() {
    return length;
  }

  /** Forgets what was written from {@code length} on. */
  void truncate(int length) {
    this.length = length;
  }

  @Override
  public void writeByte(int value) {
    ensure(1);
    data[length++] = (byte) value;
  }

  @Override
  public void writeInt(int value) {
    ensure(4);
    INTS.set(data, length, value);
    length += 4;
  }

  @Override
  public void writeLong(long value) {
    ensure(8);
    LONGS.set(data, length, value);
    length += 8;
  }

  @Override
  public void writeBytes(byte[] bytes, int offset, int count) {
    ensure(count);
    System.arraycopy(bytes, offset, data, length, count);
    length += count;
  }

  /** Writes ASCII text in place; other text through its UTF-8 bytes. */
  @Override
  public void writeUtf8(String text) {
    int chars = text.length();
    ensure(4 + chars);
    int start = length + 4;
    for (int i = 0; i < chars; i++) {
      char c = text.charAt(i);
      if (c >= 0x80) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        writeInt(utf8.length);
        writeBytes(utf8, 0, utf8.length);
        return;
      }
      data[start + i] = (byte) c;
    }
    INTS.set(data, length, chars);
    length = start + chars;
  }

  private void ensure(int more) {
    if (length + more > data.length) {
      data = Arrays.copyOf(data, Math.max(data.length * 2, length + more));
    }
  }
}
