package dev.isolates.impl.inspect;

import dev.isolates.IsolateException;
import dev.isolates.IsolateQueue;
import java.nio.file.Path;

/** The bean of one open queue handle; like {@link IsolateBean}, it throws only new exceptions of JDK types. */
final class QueueBean implements QueueMXBean {
  private final IsolateQueue<?> queue;
  /** Null for a temporary queue. */
  private final Path folder;

  QueueBean(IsolateQueue<?> queue, Path folder) {
    this.queue = queue;
    this.folder = folder;
  }

  @Override
  public long getId() {
    return queue.id();
  }

  @Override
  public int getSize() {
    try {
      return queue.size();
    } catch (IsolateException closed) {
      throw new IllegalStateException(closed.getMessage());
    }
  }

  @Override
  public int getMaxSize() {
    return queue.maxSize();
  }

  @Override
  public boolean isDurable() {
    return folder != null;
  }

  @Override
  public String getFolder() {
    return folder == null ? "" : folder.toString();
  }
}
