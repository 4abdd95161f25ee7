package dev.isolates.impl.value;

/**
 * Where an encoding goes: a byte sink owned by the storage that keeps the bytes. Little-endian.
 */
public interface ValueOutput {
  /** Writes one byte. */
  void writeByte(int value);

  /** Writes four bytes. */
  void writeInt(int value);

  /** Writes eight bytes. */
  void writeLong(long value);

  /** Writes bytes as they are, without their length. */
  void writeBytes(byte[] bytes, int offset, int length);

  /** Writes the length of the UTF-8 form of {@code text}, then that form. */
  void writeUtf8(String text);
}
