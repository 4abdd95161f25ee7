package dev.isolates.impl;

import dev.isolates.IsolateQueue;
import dev.isolates.Whence;
import dev.isolates.impl.inspect.Beans;
import dev.isolates.impl.queue.QueueContext;
import dev.isolates.impl.queue.Queues;
import dev.isolates.impl.value.HandleLookup;
import dev.isolates.impl.value.Receiver;
import dev.isolates.impl.value.Reference;
import java.nio.file.Path;

/**
 * Binds the queues to the rest of the runtime: tells them which isolate the calling thread executes in,
 * resolves the handles their items hold, unbinds the items of isolates that close, and gives each open queue
 * handle its management bean.
 */
final class QueueBinding implements QueueContext, HandleLookup {
  /** The queues of this JVM; creating them touches no file. */
  static final Queues QUEUES = new Queues(new QueueBinding());

  static {
    Registry.onClose(isolate -> QUEUES.unbind(isolate.id()));
  }

  private QueueBinding() {}

  @Override
  public Receiver current() {
    return CurrentIsolate.get();
  }

  @Override
  public long currentId() {
    return CurrentIsolate.get().id();
  }

  @Override
  public HandleLookup handles() {
    return this;
  }

  @Override
  public void opened(IsolateQueue<?> queue, Path folder) {
    Beans.register(queue, folder);
  }

  @Override
  public void closed(long queueId) {
    Beans.unregisterQueue(queueId);
  }

  /** The live isolate or queue, or else a closed handle to it, which behaves like the original after its close. */
  @Override
  public Object resolve(Reference reference) {
    if (reference.kind() == Reference.Kind.QUEUE) {
      return QUEUES.handle(reference.id());
    }
    IsolateState live = Registry.find(reference.id());
    return live != null ? live : IsolateState.closed(reference.id(), Whence.values()[reference.detail()]);
  }
}
