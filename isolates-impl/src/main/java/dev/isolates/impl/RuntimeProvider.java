package dev.isolates.impl;

import dev.isolates.Isolate;
import dev.isolates.IsolateConfig;
import dev.isolates.IsolateQueue;
import dev.isolates.UnboundItems;
import dev.isolates.Whence;
import dev.isolates.spi.IsolatesProvider;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The isolates runtime, as {@link dev.isolates.Isolates} finds it through {@link java.util.ServiceLoader}. Each
 * method hands the call to the part of the runtime that does the work; the runtime's state is per JVM, however
 * many instances of this class exist.
 */
public final class RuntimeProvider implements IsolatesProvider {

  /** Called by {@link java.util.ServiceLoader}. */
  public RuntimeProvider() {}

  @Override
  public Isolate create(IsolateConfig config, Whence whence) {
    return Registry.create(config, whence);
  }

  @Override
  public List<Isolate> listAll() {
    return Registry.listAll();
  }

  @Override
  public Isolate current() {
    return CurrentIsolate.get();
  }

  @Override
  public Isolate main() {
    return Registry.main();
  }

  @Override
  public Isolate get(long id) {
    return Registry.get(id);
  }

  @Override
  public Map<String, Object> mainNamespace() {
    return CurrentIsolate.get().namespace();
  }

  @Override
  public <T> IsolateQueue<T> createQueue(int maxSize, UnboundItems unboundItems) {
    return Queues.create(maxSize, unboundItems);
  }

  @Override
  public <T> IsolateQueue<T> openQueue(Path dir, int maxSize, UnboundItems unboundItems) {
    return Queues.open(dir, maxSize, unboundItems);
  }

  @Override
  public boolean isShareable(Object value) {
    try {
      ValueCopier.copy(value, CurrentIsolate.get(), true);
      return true;
    } catch (UnshareableValue e) {
      return false;
    }
  }

  @Override
  public Object callTask(Isolate isolate, Object task) {
    return Invocation.call((IsolateState) isolate, TaskForm.ofPoolTask(task), task, null, null, null);
  }
}
