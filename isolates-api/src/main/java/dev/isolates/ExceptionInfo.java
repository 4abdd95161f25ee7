package dev.isolates;

import java.io.PrintWriter;
import java.io.Serializable;
import java.io.StringWriter;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Objects;
import java.util.Set;

/**
 * A snapshot, as plain text, of an exception raised inside an isolate (Python's {@code ExcInfo}). The original
 * exception object is not handed across: its class belongs to the isolate's class loader, so the caller would
 * see a type it cannot catch, and holding it would keep the isolate's classes alive.
 *
 * @param typeName the fully qualified class name of the exception, e.g. {@code java.lang.ArithmeticException}
 * @param message the exception's message, or {@code null} if it had none
 * @param formatted the exception's one-line form, e.g. {@code java.lang.ArithmeticException: / by zero}
 * @param stackTrace the full stack trace as {@link Throwable#printStackTrace()} prints it, causes included
 * @param cause the snapshot of the exception's cause, or {@code null} if it had none
 */
public record ExceptionInfo(
    String typeName, String message, String formatted, String stackTrace, ExceptionInfo cause)
    implements Serializable {

  /**
   * Checks the components.
   *
   * @throws NullPointerException if {@code typeName}, {@code formatted} or {@code stackTrace} is null
   */
  public ExceptionInfo {
    Objects.requireNonNull(typeName, "typeName");
    Objects.requireNonNull(formatted, "formatted");
    Objects.requireNonNull(stackTrace, "stackTrace");
  }

  /**
   * Takes a snapshot of an exception and its chain of causes.
   *
   * @param throwable the exception
   * @return its snapshot
   */
  public static ExceptionInfo of(Throwable throwable) {
    return of(throwable, Collections.newSetFromMap(new IdentityHashMap<>()));
  }

  private static ExceptionInfo of(Throwable throwable, Set<Throwable> seen) {
    seen.add(throwable);
    Throwable cause = throwable.getCause();
    String typeName = throwable.getClass().getName();
    String message = throwable.getMessage();
    return new ExceptionInfo(
        typeName,
        message,
        message == null ? typeName : typeName + ": " + message,
        stackTraceOf(throwable),
        cause == null || seen.contains(cause) ? null : of(cause, seen));
  }

  private static String stackTraceOf(Throwable throwable) {
    StringWriter text = new StringWriter();
    try (PrintWriter out = new PrintWriter(text)) {
      throwable.printStackTrace(out);
    }
    return text.toString();
  }
}
