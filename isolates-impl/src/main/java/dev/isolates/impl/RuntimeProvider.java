package dev.isolates.impl;

import dev.isolates.Isolate;
import dev.isolates.IsolateConfig;
import dev.isolates.IsolateQueue;
import dev.isolates.IsolatedRunnable;
import dev.isolates.UnboundItems;
import dev.isolates.Whence;
import dev.isolates.impl.value.Values;
import dev.isolates.spi.IsolatesProvider;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;

/**
 * The isolates runtime, as {@link dev.isolates.Isolates} finds it through {@link java.util.ServiceLoader}. Each
 * method hands the call to the part of the runtime that does the work; the runtime's state is per JVM, however
 * many instances of this class exist.
 */
public final class RuntimeProvider implements IsolatesProvider {

  /** Called by {@link java.util.ServiceLoader}. */
  public RuntimeProvider() {}

  @Override
  public Isolate create(IsolateConfig config) {
    return Registry.create(config, Whence.API);
  }

  @Override
  public ExecutorService newPoolExecutor(int maxWorkers, String threadNamePrefix, IsolatedRunnable initializer) {
    return new IsolatePool(maxWorkers, threadNamePrefix, initializer);
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
    return QueueBinding.QUEUES.create(maxSize, unboundItems);
  }

  @Override
  public <T> IsolateQueue<T> openQueue(Path dir, int maxSize, UnboundItems unboundItems) {
    return QueueBinding.QUEUES.open(dir, maxSize, unboundItems);
  }

  @Override
  public boolean isShareable(Object value) {
    return Values.isShareable(value);
  }
}
