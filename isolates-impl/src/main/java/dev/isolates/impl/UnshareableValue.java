package dev.isolates.impl;

import dev.isolates.NotShareableException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Internal signal that a value deep inside another cannot be copied. Each container it passes through on the
 * way out adds its step ({@code field 'socket'}, {@code element 3}), so the path is built only on failure, and
 * copying a value that succeeds costs nothing for it. The boundary turns it into the public
 * {@link NotShareableException} with {@link #toException(String)}.
 */
final class UnshareableValue extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final Deque<String> path = new ArrayDeque<>();
  private final String typeName;
  private final String reason;

  UnshareableValue(Class<?> type, String reason, Throwable cause) {
    this(type.getName(), reason, cause);
  }

  UnshareableValue(String typeName, String reason, Throwable cause) {
    super(null, cause, false, false);
    this.typeName = typeName;
    this.reason = reason;
  }

  /** Adds the step from the enclosing value to the one that failed, e.g. {@code component 'x'}. */
  UnshareableValue within(String step) {
    path.addFirst(step);
    return this;
  }

  /**
   * Returns the public exception, e.g. {@code argument 2 -> field 'socket' (java.net.Socket) is not shareable:
   * ...}.
   *
   * @param root where the outermost value was: {@code argument 2}, {@code result}, {@code binding 'x'}
   */
  NotShareableException toException(String root) {
    StringBuilder message = new StringBuilder(root);
    path.forEach(step -> message.append(" -> ").append(step));
    message.append(" (").append(typeName).append(") is not shareable: ").append(reason);
    return new NotShareableException(message.toString(), getCause());
  }
}
