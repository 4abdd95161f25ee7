package dev.isolates.impl.value;

/**
 * The isolate a value is copied or decoded into: its class loader resolves the classes of the copy, and its
 * label names it in messages.
 */
public interface Receiver {
  /**
   * Returns the loader that resolves class names for this isolate.
   *
   * @return the loader; valid while a thread executes inside the isolate
   */
  ClassLoader loader();

  /**
   * Names the isolate in messages.
   *
   * @return for example {@code isolate 3 'parser'} or {@code the main isolate}
   */
  String label();
}
