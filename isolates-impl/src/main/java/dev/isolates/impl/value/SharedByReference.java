package dev.isolates.impl.value;

/**
 * Marks the runtime's objects that cross isolates by reference instead of being copied: isolate handles and
 * queues. Their classes belong to the runtime, which every isolate shares, and their state lives outside any
 * isolate. A copy hands over the object itself; an encoding writes its {@link Reference}, which the decoder
 * turns back into an object through the {@link HandleLookup} it is given.
 */
public interface SharedByReference {
  /**
   * Returns what names this object within this JVM.
   *
   * @return its kind and id
   */
  Reference reference();
}
