package dev.isolates;

import java.io.Serializable;
import java.util.concurrent.Callable;

/**
 * A task without arguments that returns a result. Also a {@link Callable}, so it can be handed to any
 * {@link java.util.concurrent.ExecutorService}, {@link IsolatePoolExecutor} included.
 *
 * <p>A task is {@link Serializable} so that it can travel to another isolate by reference to its code: the
 * class that defines it (a lambda's capturing class, or the class of a method reference) is loaded again by
 * the target isolate's class loader, and captured values are copied like arguments. Write tasks as lambdas or
 * method references; a captured value that is not shareable is refused with {@link NotShareableException}.
 *
 * @param <R> the type of the result
 * @see Isolate#call(IsolatedCallable)
 */
@FunctionalInterface
public interface IsolatedCallable<R> extends Callable<R>, Serializable {
  /**
   * Computes a result inside the isolate.
   *
   * @return the result, copied back to the caller
   * @throws Exception if unable to compute a result; the caller receives an {@link ExecutionFailedException}
   */
  @Override
  R call() throws Exception;
}
