package dev.isolates.impl.value;

/**
 * Turns the {@link Reference} of a handle read from bytes back into the handle. Supplied by whoever decodes, so
 * that the value model knows nothing of the registry of isolates or of the queues.
 */
@FunctionalInterface
public interface HandleLookup {
  /**
   * Returns the live object the reference names or, if it is gone, a handle that behaves like the original one
   * after its close.
   *
   * @param reference a reference written in this JVM run
   * @return the handle, never null
   */
  Object resolve(Reference reference);
}
