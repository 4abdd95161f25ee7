package dev.isolates.impl;

import dev.isolates.impl.control.IsolateControl;
import dev.isolates.impl.control.ThreadFrame;

/**
 * Which isolate each thread executes in: the innermost isolate of its {@link ThreadFrame}, or main. Every call
 * that enters an isolate leaves it on every path, so a pooled or long-lived thread never keeps a closed isolate
 * reachable through its frame.
 */
final class CurrentIsolate {
  private CurrentIsolate() {}

  static IsolateState get() {
    return of(ThreadFrame.current());
  }

  /** The isolate a frame's thread executes in. */
  static IsolateState of(ThreadFrame frame) {
    IsolateControl innermost = frame.innermost();
    return innermost == null ? Registry.main() : (IsolateState) innermost.owner();
  }
}
