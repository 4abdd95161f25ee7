package dev.isolates.spi;

import dev.isolates.Isolate;
import dev.isolates.IsolateConfig;
import dev.isolates.IsolateQueue;
import dev.isolates.UnboundItems;
import dev.isolates.Whence;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The service an isolates runtime provides, found by {@link dev.isolates.Isolates} with
 * {@link java.util.ServiceLoader}. Users never call it: each method backs the {@code Isolates} method of the
 * same name, which has already checked its arguments, and has the same contract.
 */
public interface IsolatesProvider {

  /**
   * Backs {@link dev.isolates.Isolates#create(IsolateConfig)}, and the worker isolates of
   * {@link dev.isolates.IsolatePoolExecutor}.
   *
   * @param config the configuration, not null
   * @param whence {@link Whence#API} or {@link Whence#POOL}
   * @return the new isolate
   */
  Isolate create(IsolateConfig config, Whence whence);

  /**
   * Backs {@link dev.isolates.IsolatePoolExecutor}: calls a task inside an isolate, as
   * {@link Isolate#call(dev.isolates.IsolatedCallable)} does.
   *
   * @param isolate the isolate, from {@link #create}
   * @param task a {@link java.util.concurrent.Callable} or {@link Runnable} that is also
   *     {@link java.io.Serializable}
   * @return a copy of the task's result in the caller's isolate; {@code null} for a {@code Runnable}
   */
  Object callTask(Isolate isolate, Object task);

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
