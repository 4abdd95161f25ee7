package dev.isolates.impl;

import dev.isolates.impl.control.IsolateControl;
import dev.isolates.impl.value.Receiver;

/**
 * What the invoker needs of the isolate a call enters: to count the thread in and out, its loader and control,
 * and the task code resolved in it. The state object implements it; the invoker knows nothing else of it.
 */
interface CallTarget extends Receiver {
  /** The isolate's id, for flight recorder events. */
  long id();

  /**
   * Counts the calling thread as executing inside; every successful enter is paired with one {@link #leave}.
   *
   * @throws dev.isolates.IsolateNotFoundException if the isolate is closed
   * @throws dev.isolates.IsolateException if a limit refuses the call
   */
  void enter();

  /** Counts the calling thread out again, and the call it made as ended. */
  void leave(boolean failed);

  /** The isolate's control, or null for main. */
  IsolateControl control();

  /** The task code resolved in the isolate. */
  ResolvedTasks resolvedTasks();

  /** A name for the next thread {@code callInThread} starts in the isolate. */
  String nextThreadName();

  /** The main isolate as the receiver of a result: the application's loader. */
  Receiver MAIN = new Receiver() {
    @Override
    public ClassLoader loader() {
      return ClassLoader.getSystemClassLoader();
    }

    @Override
    public String label() {
      return "the main isolate";
    }
  };
}
