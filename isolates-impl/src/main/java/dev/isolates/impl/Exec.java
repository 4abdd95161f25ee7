package dev.isolates.impl;

import dev.isolates.ExecutionFailedException;
import dev.isolates.IsolateNotFoundException;
import dev.isolates.impl.control.ThreadFrame;
import dev.isolates.impl.inspect.Flight;
import dev.isolates.impl.inspect.StatementCompiler;
import dev.isolates.impl.value.Values;
import java.lang.invoke.MethodHandle;
import java.util.Objects;

/**
 * {@code Isolate.exec}: the statements are compiled into a class of the target's own loader (see
 * {@link StatementCompiler}), then run in the calling thread inside the target, as {@code call} runs a task: the
 * thread's frame and context class loader are switched for the run and restored on every path, the target counts
 * the thread as inside it (and the run as a call, which cancel and the limits stop like any other, and which a
 * flight recording shows as a {@code dev.isolates.Call} event of the task {@code exec}), a failure
 * leaves as an {@link ExecutionFailedException}, and the value is copied back into the caller.
 */
final class Exec {
  private Exec() {}

  /**
   * Compiles and runs statements inside {@code target}.
   *
   * @param asText whether to return the value's {@code toString()}, made inside the target, instead of a copy
   */
  static Object run(IsolateState target, String statements, boolean asText) {
    Objects.requireNonNull(statements, "statements");
    ClassLoader loader = target.loader();
    if (loader == null) {
      throw new IsolateNotFoundException(target.id());
    }
    // Compiled before entering, so that a compile error counts as no call; if the target closes meanwhile, enter
    // fails and the class defined in its loader goes with it.
    MethodHandle code = StatementCompiler.compile(statements, loader, target.label());
    ThreadFrame frame = ThreadFrame.current();
    IsolateState caller = CurrentIsolate.of(frame);
    Object event = Flight.callStarted(); // null unless a flight recording runs
    target.enter();
    boolean failed = true;
    try {
      Object value = Invocation.inside(target, frame, Invocation.epochOf(target), () -> evaluate(code, asText));
      Object copy = Values.copy(value, caller, false, "result");
      failed = false;
      return copy;
    } finally {
      target.leave(failed);
      Invocation.afterLeave(target, frame);
      if (event != null && Flight.callEnded(event)) {
        Flight.recordCall(event, target.id(), "exec");
      }
    }
  }

  private static Object evaluate(MethodHandle code, boolean asText) {
    try {
      Object value = (Object) code.invokeExact();
      return asText && value != null ? value.toString() : value;
    } catch (Throwable failure) {
      throw Invocation.failed(failure);
    }
  }
}
