package dev.isolates.impl;

/**
 * Which isolate each thread executes in. A thread outside any call is in main. The marker is restored by every
 * call that sets it, so a pooled or long-lived thread never keeps a closed isolate reachable through it.
 */
final class CurrentIsolate {
  /** The isolate of the innermost call on this thread; null means main. */
  private static final ThreadLocal<IsolateState> CURRENT = new ThreadLocal<>();

  private CurrentIsolate() {}

  static IsolateState get() {
    IsolateState current = CURRENT.get();
    return current != null ? current : Registry.main();
  }

  /** Makes {@code target} current and returns what was current, to hand to {@link #restore}. */
  static IsolateState enter(IsolateState target) {
    IsolateState previous = CURRENT.get();
    CURRENT.set(target);
    return previous;
  }

  static void restore(IsolateState previous) {
    CURRENT.set(previous);
  }
}
