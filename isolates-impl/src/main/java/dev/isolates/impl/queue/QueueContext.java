package dev.isolates.impl.queue;

import dev.isolates.impl.value.HandleLookup;
import dev.isolates.impl.value.Receiver;

/**
 * What queues need of the runtime around them: which isolate the calling thread executes in, and how to turn the
 * handles read from items back into objects.
 */
public interface QueueContext {
  /**
   * Returns the isolate the calling thread executes in, which receives the items it takes.
   *
   * @return the current isolate
   */
  Receiver current();

  /**
   * Returns the id of the isolate the calling thread executes in, to which the items it puts are bound.
   *
   * @return the id; 0 for the main isolate, whose items are never unbound
   */
  long currentId();

  /**
   * Returns the lookup of the handles that items hold.
   *
   * @return resolves isolate and queue references
   */
  HandleLookup handles();
}
