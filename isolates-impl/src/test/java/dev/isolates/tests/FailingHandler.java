package dev.isolates.tests;

import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** A logging handler of an isolate's code whose close fails, as a handler whose file is gone may. */
public final class FailingHandler extends Handler {
  private FailingHandler() {}

  /** Adds a handler that fails to close to a logger of the JDK. */
  public static void addToAJdkLogger() {
    Logger.getLogger("dev.isolates.tests.failing-handler").addHandler(new FailingHandler());
  }

  @Override
  public void publish(LogRecord record) {
  }

  @Override
  public void flush() {
  }

  @Override
  public void close() {
    throw new IllegalStateException("the handler's file is gone");
  }
}
