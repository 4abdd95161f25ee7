package dev.isolates.spi;

import dev.isolates.Isolate;
import dev.isolates.IsolateConfig;
import dev.isolates.IsolateQueue;
import dev.isolates.IsolatedRunnable;
import dev.isolates.UnboundItems;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;

/**
 * The service an isolates runtime provides, found by {@link dev.isolates.Isolates} with
 * {@link java.util.ServiceLoader}. Users never call it: each method backs the {@code Isolates} method of the
 * same name, which has already checked its arguments, and has the same contract.
 */
public interface IsolatesProvider {

  /**
   * Backs {@link dev.isolates.Isolates#create(IsolateConfig)}.
   *
   * @param config the configuration, not null
   * @return the new isolate, whence {@link dev.isolates.Whence#API}
   */
  Isolate create(IsolateConfig config);

  /**
   * Backs {@link dev.isolates.IsolatePoolExecutor}: an executor whose worker threads each own an isolate (whence
   * {@link dev.isolates.Whence#POOL}) and run every task inside it, with the contract written on that class.
   *
   * @param maxWorkers the most worker threads, positive
   * @param threadNamePrefix the start of each worker thread's name, not null
   * @param initializer run once inside each worker's isolate before its first task, or null
   * @return the executor, running
   */
  ExecutorService newPoolExecutor(int maxWorkers, String threadNamePrefix, IsolatedRunnable initializer);

  /**
   * Backs {@link dev.isolates.Isolates#listAll()}.
   *
   * @return the live isolates, main first, then in creation order
   */
  List<Isolate> listAll();

  /**
   * Backs {@link dev.isolates.Isolates#current()}.
   *
   * @return the isolate the calling thread executes in
   */
  Isolate current();

  /**
   * Backs {@link dev.isolates.Isolates#main()}.
   *
   * @return the main isolate
   */
  Isolate main();

  /**
   * Backs {@link dev.isolates.Isolates#get(long)}.
   *
   * @param id an isolate id
   * @return the live isolate with that id
   */
  Isolate get(long id);

  /**
   * Backs {@link dev.isolates.Isolates#mainNamespace()}.
   *
   * @return the current isolate's main namespace
   */
  Map<String, Object> mainNamespace();

  /**
   * Backs {@link dev.isolates.Isolates#createQueue(int, UnboundItems)}.
   *
   * @param maxSize the maximum size, 0 for unbounded
   * @param unboundItems the policy, not null
   * @param <T> the type of the items
   * @return the new queue
   */
  <T> IsolateQueue<T> createQueue(int maxSize, UnboundItems unboundItems);

  /**
   * Backs {@link dev.isolates.Isolates#openQueue(Path, int, UnboundItems)}.
   *
   * @param dir the queue's folder, not null
   * @param maxSize the maximum size if the queue is created, 0 for unbounded
   * @param unboundItems the policy if the queue is created, not null
   * @param <T> the type of the items
   * @return a handle to the durable queue
   */
  <T> IsolateQueue<T> openQueue(Path dir, int maxSize, UnboundItems unboundItems);

  /**
   * Backs {@link dev.isolates.Isolates#isShareable(Object)}.
   *
   * @param value any value
   * @return whether it is shareable
   */
  boolean isShareable(Object value);
}
