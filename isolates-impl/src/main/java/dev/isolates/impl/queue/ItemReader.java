package dev.isolates.impl.queue;

import dev.isolates.impl.value.ValueInput;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Reads an item's bytes from a little-endian heap buffer. */
final class ItemReader implements ValueInput {
  private final ByteBuffer in;

  ItemReader(ByteBuffer in) {
    this.in = in;
  }

  /** Reads from {@code position} up to {@code limit} of the buffer. */
  ItemReader at(int position, int limit) {
    in.limit(limit).position(position);
    return this;
  }

  @Override
  public byte readByte() {
    return in.get();
  }

  @Override
  public int readInt() {
    return in.getInt();
  }

  @Override
  public long readLong() {
    return in.getLong();
  }

  @Override
  public void readBytes(byte[] bytes, int offset, int length) {
    in.get(bytes, offset, length);
  }

  @Override
  public String readUtf8() {
    int length = in.getInt();
    String text = new String(in.array(), in.arrayOffset() + in.position(), length, StandardCharsets.UTF_8);
    in.position(in.position() + length);
    return text;
  }
}
