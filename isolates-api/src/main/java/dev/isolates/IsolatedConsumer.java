package dev.isolates;

import java.io.Serializable;

/**
 * A task with one argument and no result.
 *
 * <p>A task is {@link Serializable} so that it can travel to another isolate by reference to its code: the
 * class that defines it (a lambda's capturing class, or the class of a method reference) is loaded again by
 * the target isolate's class loader, and captured values are copied like arguments. Write tasks as lambdas or
 * method references; a captured value that is not shareable is refused with {@link NotShareableException}.
 *
 * @param <A> the type of the first argument
 * @see Isolate#call(IsolatedConsumer, Object)
 */
@FunctionalInterface
public interface IsolatedConsumer<A> extends Serializable {
  /**
   * Runs inside the isolate with one argument.
   *
   * @param a the first argument, a copy made for the isolate
   * @throws Exception if unable to run; the caller receives an {@link ExecutionFailedException}
   */
  void accept(A a) throws Exception;
}
