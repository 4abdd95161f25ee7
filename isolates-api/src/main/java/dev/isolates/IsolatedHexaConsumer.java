package dev.isolates;

import java.io.Serializable;

/**
 * A task with six arguments and no result.
 *
 * <p>A task is {@link Serializable} so that it can travel to another isolate by reference to its code: the
 * class that defines it (a lambda's capturing class, or the class of a method reference) is loaded again by
 * the target isolate's class loader, and captured values are copied like arguments. Write tasks as lambdas or
 * method references; a captured value that is not shareable is refused with {@link NotShareableException}.
 *
 * @param <A> the type of the first argument
 * @param <B> the type of the second argument
 * @param <C> the type of the third argument
 * @param <D> the type of the fourth argument
 * @param <E> the type of the fifth argument
 * @param <F> the type of the sixth argument
 * @see Isolate#call(IsolatedHexaConsumer, Object, Object, Object, Object, Object, Object)
 */
@FunctionalInterface
public interface IsolatedHexaConsumer<A, B, C, D, E, F> extends Serializable {
  /**
   * Runs inside the isolate with six arguments.
   *
   * @param a the first argument, a copy made for the isolate
   * @param b the second argument, a copy made for the isolate
   * @param c the third argument, a copy made for the isolate
   * @param d the fourth argument, a copy made for the isolate
   * @param e the fifth argument, a copy made for the isolate
   * @param f the sixth argument, a copy made for the isolate
   * @throws Exception if unable to run; the caller receives an {@link ExecutionFailedException}
   */
  void accept(A a, B b, C c, D d, E e, F f) throws Exception;
}
