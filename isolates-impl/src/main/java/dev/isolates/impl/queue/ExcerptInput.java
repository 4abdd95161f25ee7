package dev.isolates.impl.queue;

import dev.isolates.impl.value.ValueInput;
import java.nio.charset.StandardCharsets;
import net.openhft.chronicle.bytes.Bytes;

/**
 * Reads an item straight from the bytes of a Chronicle excerpt, without copying it first: one per queue, reset
 * for each excerpt, used under the queue's take lock. Text is read through a scratch array that is kept, so
 * that reading allocates nothing but the value.
 */
final class ExcerptInput implements ValueInput {
  private Bytes<?> bytes;
  private byte[] scratch = new byte[64];

  void reset(Bytes<?> excerpt) {
    this.bytes = excerpt;
  }

  @Override
  public byte readByte() {
    return bytes.readByte();
  }

  @Override
  public int readInt() {
    return bytes.readInt();
  }

  @Override
  public long readLong() {
    return bytes.readLong();
  }

  @Override
  public void readBytes(byte[] into, int offset, int length) {
    bytes.read(into, offset, length);
  }

  @Override
  public String readUtf8() {
    int length = bytes.readInt();
    if (scratch.length < length) {
      scratch = new byte[Math.max(length, scratch.length * 2)];
    }
    bytes.read(scratch, 0, length);
    return new String(scratch, 0, length, StandardCharsets.UTF_8);
  }
}
