package dev.isolates.impl.value;

/**
 * Where a decoding reads from: the bytes a {@link ValueOutput} received, in the same order.
 */
public interface ValueInput {
  /** Reads one byte. */
  byte readByte();

  /** Reads four bytes. */
  int readInt();

  /** Reads eight bytes. */
  long readLong();

  /** Reads {@code length} bytes into {@code bytes} from {@code offset}. */
  void readBytes(byte[] bytes, int offset, int length);

  /** Reads what {@link ValueOutput#writeUtf8} wrote. */
  String readUtf8();
}
