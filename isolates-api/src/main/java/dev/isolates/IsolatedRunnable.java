package dev.isolates;

import java.io.Serializable;

/**
 * A task without arguments or result.
 *
 * <p>A task is {@link Serializable} so that it can travel to another isolate by reference to its code: the
 * class that defines it (a lambda's capturing class, or the class of a method reference) is loaded again by
 * the target isolate's class loader, and captured values are copied like arguments. Write tasks as lambdas or
 * method references; a captured value that is not shareable is refused with {@link NotShareableException}.
 *
 * @see Isolate#call(IsolatedRunnable)
 */
@FunctionalInterface
public interface IsolatedRunnable extends Serializable {
  /**
   * Runs inside the isolate.
   *
   * @throws Exception if unable to run; the caller receives an {@link ExecutionFailedException}
   */
  void run() throws Exception;
}
