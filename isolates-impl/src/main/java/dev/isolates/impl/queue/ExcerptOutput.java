package dev.isolates.impl.queue;

import dev.isolates.impl.value.ValueOutput;
import java.nio.charset.StandardCharsets;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * Writes an item straight into the bytes of an excerpt being written, without a buffer in between: one per shared
 * log, used under its append lock, for the items large enough to get an excerpt of their own. Little-endian, as
 * {@link ExcerptInput} and {@link ItemReader} read (Chronicle writes in the platform's order, which is
 * little-endian on every platform it supports).
 */
final class ExcerptOutput implements ValueOutput {
  /** Text is turned into UTF-8 here first when it has at most this many chars, so that the array stays small. */
  private static final int SCRATCH_CHARS = 16 << 10;

  private DocumentContext document;
  private Bytes<?> bytes;
  private long start;
  private byte[] scratch = new byte[256];

  /** Writes to {@code excerpt}, from its write position on. */
  void reset(DocumentContext excerpt) {
    this.document = excerpt;
    this.bytes = excerpt.wire().bytes();
    this.start = bytes.writePosition();
  }

  DocumentContext document() {
    return document;
  }

  /** The bytes written since {@link #reset}. */
  long length() {
    return bytes.writePosition() - start;
  }

  @Override
  public void writeByte(int value) {
    bytes.writeByte((byte) value);
  }

  @Override
  public void writeInt(int value) {
    bytes.writeInt(value);
  }

  @Override
  public void writeLong(long value) {
    bytes.writeLong(value);
  }

  @Override
  public void writeBytes(byte[] from, int offset, int count) {
    bytes.write(from, offset, count);
  }

  /**
   * Writes ASCII text through a scratch array that is kept, in one copy into the excerpt (a String's chars can
   * only be read one by one or copied out, and one bulk copy costs a fraction of writing them to the excerpt one
   * by one); other text, and long text, through its UTF-8 bytes.
   */
  @Override
  public void writeUtf8(String text) {
    int chars = text.length();
    if (chars <= SCRATCH_CHARS) {
      if (scratch.length < chars) {
        scratch = new byte[Math.max(chars, scratch.length * 2)];
      }
      byte[] ascii = scratch;
      int i = 0;
      while (i < chars && text.charAt(i) < 0x80) {
        ascii[i] = (byte) text.charAt(i);
        i++;
      }
      if (i == chars) {
        bytes.writeInt(chars);
        bytes.write(ascii, 0, chars);
        return;
      }
    }
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    bytes.writeInt(utf8.length);
    bytes.write(utf8, 0, utf8.length);
  }
}
