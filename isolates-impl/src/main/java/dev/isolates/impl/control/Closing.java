package dev.isolates.impl.control;

import dev.isolates.impl.loader.IsolateClassLoader;
import java.beans.Introspector;
import java.lang.reflect.InvocationTargetException;
import java.util.Collections;
import java.util.List;
import java.util.ResourceBundle;
import java.util.logging.Handler;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/**
 * What closing an isolate does beyond forgetting it: runs the shutdown hooks its code registered, and releases
 * what the JDK holds for it (Tomcat's leak prevention for web applications is the model), so that nothing keeps
 * its class loader reachable: the JDBC drivers its classes registered, its thread-locals' values, the values its
 * {@code ClassValue}s attached to classes, the {@code java.util.logging} handlers and levels of its classes on JDK
 * loggers, and the {@code ResourceBundle} and {@code java.beans.Introspector} caches.
 */
final class Closing {
  /** How long close waits for the isolate's shutdown hooks before leaving them to finish on their own. */
  private static final long HOOKS_WAIT_MILLIS = 10_000;
  private static final System.Logger LOG = System.getLogger("dev.isolates");
  /** Whether {@code java.beans} is there to flush: a runtime image may leave {@code java.desktop} out. */
  private static final boolean BEANS = ModuleLayer.boot().findModule("java.desktop").isPresent();

  private Closing() {}

  /** Releases what the JDK holds for a closed isolate; call once no thread executes inside it. */
  static void release(String isolate, IsolateClassLoader loader, IsolateControl control) {
    runShutdownHooks(isolate, control.takeShutdownHooks());
    if (control.usedJdbc()) {
      deregisterDrivers(isolate, loader);
    }
    control.releaseLocals();
    control.releaseClassValues();
    releaseLogging(isolate, loader);
    ResourceBundle.clearCache(loader);
    if (BEANS && control.usedBeans()) {
      Introspector.flushCaches(); // all classes: the isolate's are not listed anywhere to flush one by one
    }
  }

  /**
   * Runs the shutdown hooks concurrently, as the JVM does at exit, and waits for them; a hook still running
   * after {@value #HOOKS_WAIT_MILLIS} ms is left to finish on its own, with a warning.
   */
  private static void runShutdownHooks(String isolate, List<Thread> hooks) {
    for (Thread hook : hooks) {
      try {
        hook.start();
      } catch (IllegalThreadStateException startedAlready) {
        warn(isolate, "its shutdown hook '" + hook.getName() + "' was started by its own code already, so it did"
            + " not run as a hook", startedAlready);
      }
    }
    long deadline = System.nanoTime() + HOOKS_WAIT_MILLIS * 1_000_000;
    boolean interrupted = false;
    for (Thread hook : hooks) {
      while (hook.isAlive()) {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
          LOG.log(System.Logger.Level.WARNING, "{0} is closed, but its shutdown hook ''{1}'' is still running after"
              + " {2} ms; it is left to finish on its own, and keeps the isolate''s classes until it does",
              isolate, hook.getName(), HOOKS_WAIT_MILLIS);
          break;
        }
        try {
          hook.join(left);
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Deregisters the JDBC drivers the isolate's classes registered, through the isolate's own Guest: DriverManager
   * shows and removes only the drivers of its caller's class loader. A driver that fails to deregister (its
   * {@code DriverAction} is the isolate's code) is reported; the isolate closes all the same.
   */
  private static void deregisterDrivers(String isolate, ClassLoader loader) {
    try {
      Class.forName("dev.isolates.guest.Guest", true, loader).getMethod("deregisterDrivers").invoke(null);
    } catch (InvocationTargetException e) {
      Throwable failure = e.getCause();
      if (failure instanceof Error) {
        throw (Error) failure;
      }
      warn(isolate, "the JDBC drivers its classes registered could not all be deregistered; DriverManager keeps"
          + " its classes reachable", failure);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot call the isolate's Guest.deregisterDrivers(): the isolates-impl jar"
          + " is damaged or mixed with another version", e);
    }
  }

  /**
   * Removes the handlers, levels and filters of the isolate's classes from every JDK logger. A handler whose
   * {@code close} fails is reported, after the others were removed and closed.
   */
  private static void releaseLogging(String isolate, ClassLoader loader) {
    LogManager manager = LogManager.getLogManager();
    RuntimeException failure = null;
    for (String name : Collections.list(manager.getLoggerNames())) {
      Logger logger = manager.getLogger(name);
      if (logger == null) {
        continue;
      }
      for (Handler handler : logger.getHandlers()) {
        if (handler.getClass().getClassLoader() == loader) {
          logger.removeHandler(handler);
          try {
            handler.close();
          } catch (RuntimeException e) {
            failure = firstWithTheRest(failure, e);
          }
        }
      }
      if (logger.getLevel() != null && logger.getLevel().getClass().getClassLoader() == loader) {
        logger.setLevel(null);
      }
      if (logger.getFilter() != null && logger.getFilter().getClass().getClassLoader() == loader) {
        logger.setFilter(null);
      }
    }
    if (failure != null) {
      warn(isolate, "a java.util.logging handler of its classes failed to close", failure);
    }
  }

  /** Returns the first failure of a cleanup, with the later ones attached to it. */
  private static RuntimeException firstWithTheRest(RuntimeException first, RuntimeException next) {
    if (first == null) {
      return next;
    }
    first.addSuppressed(next);
    return first;
  }

  private static void warn(String isolate, String what, Throwable failure) {
    LOG.log(System.Logger.Level.WARNING, () -> isolate + " is closed, but " + what, failure);
  }
}
