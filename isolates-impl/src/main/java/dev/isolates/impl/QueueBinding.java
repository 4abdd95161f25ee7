package dev.isolates.impl;

import dev.isolates.Whence;
import dev.isolates.impl.queue.QueueContext;
import dev.isolates.impl.queue.Queues;
import dev.isolates.impl.value.HandleLookup;
import dev.isolates.impl.value.Receiver;
import dev.isolates.impl.value.Reference;

/**
 * Binds the queues to the rest of the runtime: tells them which isolate the calling thread executes in,
 * resolves the handles their items hold, and unbinds the items of isolates that close.
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
