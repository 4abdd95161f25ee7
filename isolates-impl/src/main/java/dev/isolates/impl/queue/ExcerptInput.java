package dev.isolates.impl.queue;

import dev.isolates.impl.value.ValueInput;
import java.nio.charset.StandardCharsets;
import net.openhft.chronicle.bytes.Bytes;

/**
 * Reads an item straight from the bytes of a Chronicle excerpt, without copying it first: one per queue, used
 * under the queue's take lock. Values come out with one copy from the mapped file (a byte array straight into the
 * array handed out); text with two, since a String cannot be made from the file's memory but only from an array
 * it copies: the file into a scratch array that is kept, then the String's own copy.
 */
final class ExcerptInput implements ValueInput {
  /** Longer text is read through an array of its own, so that the scratch array stays small. */
  private static final int SCRATCH_BYTES = 16 << 10;

  private Bytes<?> bytes;
  private byte[] scratch = new byte[64];

  /** Reads from {@code excerpt}, from {@code position} on. */
  ExcerptInput at(Bytes<?> excerpt, long position) {
    this.bytes = excerpt;
    excerpt.readPosition(position);
    return this;
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
    byte[] utf8 = length <= SCRATCH_BYTES ? scratch(length) : new byte[length];
    bytes.read(utf8, 0, length);
    return new String(utf8, 0, length, StandardCharsets.UTF_8);
  }

  private byte[] scratch(int length) {
    if (scratch.length < length) {
      scratch = new byte[Math.max(length, Math.min(SCRATCH_BYTES, scratch.length * 2))];
    }
    return scratch;
  }
}
