package dev.isolates;

import java.io.Serializable;

/**
 * A task with one argument that returns a result.
 *
 * <p>A task is {@link Serializable} so that it can travel to another isolate by reference to its code: the
 * class that defines it (a lambda's capturing class, or the class of a method reference) is loaded again by
 * the target isolate's class loader, and captured values are copied like arguments. Write tasks as lambdas or
 * method references; a captured value that is not shareable is refused with {@link NotShareableException}.
 *
 * @param <A> the type of the first argument
 * @param <R> the type of the result
 * @see Isolate#call(IsolatedFunction, Object)
 */
@FunctionalInterface
public interface IsolatedFunction<A, R> extends Serializable {
  /**
   * Computes a result from one argument inside the isolate.
   *
   * @param a the first argument, a copy made for the isolate
   * @return the result, copied back to the caller
   * @throws Exception if unable to compute a result; the caller receives an {@link ExecutionFailedException}
   */
  R apply(A a) throws Exception;
}
