package dev.isolates.impl.queue;

import dev.isolates.IsolateQueue;
import dev.isolates.impl.value.HandleLookup;
import dev.isolates.impl.value.Receiver;
import java.nio.file.Path;

/**
 * What queues need of the runtime around them: which isolate the calling thread executes in, how to turn the
 * handles read from items back into objects, and whom to tell when a queue handle opens and closes.
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

  /**
   * Called once a queue handle was created ({@code createQueue}) or opened ({@code openQueue}), before the user
   * gets it.
   *
   * @param queue the new handle
   * @param folder the folder of a durable queue, or null for a temporary one
   */
  void opened(IsolateQueue<?> queue, Path folder);

  /**
   * Called once a queue handle was closed, by the user or at JVM exit.
   *
   * @param queueId the handle's id
   */
  void closed(long queueId);
}
