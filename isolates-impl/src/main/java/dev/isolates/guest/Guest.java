package dev.isolates.guest;

import dev.isolates.impl.loader.IsolateClassLoader;
import dev.isolates.impl.loader.IsolateHooks;
import dev.isolates.impl.loader.IsolateLocal;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What an isolate's rewritten code calls: the cancellation poll, and the replacements of the JDK methods an
 * isolate must not use on its own ({@code System.exit}, {@code Runtime.exit}, {@code Runtime.halt}, shutdown
 * hooks, {@code ThreadLocal}). Each method hands the call to the isolate's {@link IsolateHooks}.
 *
 * <p>Every {@link IsolateClassLoader} defines its own copy of this class from the runtime's bytes, never the
 * application class loader's, so {@code HOOKS} is a constant per isolate: the JIT folds it into the rewritten
 * code, and a poll inlines to one volatile read. Loaded by any other class loader, the class fails to initialize.
 */
public final class Guest {
  private static final IsolateHooks HOOKS = ((IsolateClassLoader) Guest.class.getClassLoader()).hooks();

  private Guest() {}

  /** Stops the current thread if the isolate asks it to. Kept this small so that the JIT inlines it. */
  public static void poll() {
    if (HOOKS.pending()) {
      HOOKS.stop();
    }
  }

  /** Replaces {@code System.exit(status)}. */
  public static void exit(int status) {
    HOOKS.exit(status);
    // The isolate's code must not carry on as if the JVM had ended, whatever a subclass of the hooks does.
    throw new IllegalStateException(HOOKS.getClass().getName() + ".exit(" + status + ") returned;"
        + " IsolateHooks.exit must throw");
  }

  /** Replaces {@code Runtime.getRuntime().exit(status)}; the receiver is the JVM's only {@code Runtime}. */
  public static void exit(Runtime runtime, int status) {
    exit(status);
  }

  /** Replaces {@code Runtime.getRuntime().halt(status)}, which an isolate must not use either. */
  public static void halt(Runtime runtime, int status) {
    exit(status);
  }

  /** Replaces {@code Runtime.getRuntime().addShutdownHook(hook)}. */
  public static void addShutdownHook(Runtime runtime, Thread hook) {
    HOOKS.addShutdownHook(hook);
  }

  /** Replaces {@code Runtime.getRuntime().removeShutdownHook(hook)}. */
  public static boolean removeShutdownHook(Runtime runtime, Thread hook) {
    return HOOKS.removeShutdownHook(hook);
  }

  /** Returns the isolate's hooks; the rewritten {@code new ThreadLocal<>()} passes them to {@link IsolateLocal}. */
  public static IsolateHooks hooks() {
    return HOOKS;
  }

  /** Replaces {@code ThreadLocal.withInitial(supplier)}. */
  public static <T> ThreadLocal<T> withInitial(Supplier<? extends T> supplier) {
    return IsolateLocal.withSupplier(HOOKS, Objects.requireNonNull(supplier, "supplier"));
  }

  /** Replaces the method reference {@code ThreadLocal::new}. */
  public static <T> ThreadLocal<T> newLocal() {
    return new IsolateLocal<>(HOOKS);
  }
}
