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

  /**
   * Tells why values that hold a handle of an isolate or a queue cannot be written here, or null if they can. A
   * handle is written as a reference that only this JVM run can resolve: an output whose bytes go where no
   * reader can (another machine, say) refuses such values when they are encoded, not when they are read.
   *
   * @return the reason, for the {@link dev.isolates.NotShareableException} that refuses the value; null by default
   */
  default String handleRefusal() {
    return null;
  }
}
