package dev.isolates;

/**
 * How an isolate came to exist, as Python's {@code Interpreter.whence}.
 *
 * @see Isolate#whence()
 */
public enum Whence {
  /** The main isolate, created by the runtime at start-up (id 0). */
  RUNTIME,
  /** Created by {@link Isolates#create()} or {@link Isolates#create(IsolateConfig)}. */
  API,
  /** Created by an {@link IsolatePoolExecutor} for one of its worker threads. */
  POOL
}
