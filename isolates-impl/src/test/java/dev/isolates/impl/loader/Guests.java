package dev.isolates.impl.loader;

import java.lang.ref.WeakReference;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;

/**
 * Loads the guest classes of {@code dev.isolates.tests.guests} in isolate class loaders over the test classes
 * folder, so that they are defined, rewritten, by the loader and call the hooks the test gives it.
 */
final class Guests {
  static final Path TEST_CLASSES = testClasses();
  private static final String PACKAGE = "dev.isolates.tests.guests.";

  private Guests() {}

  static IsolateClassLoader loader(IsolateHooks hooks) {
    return new IsolateClassLoader("guest-test", ClassPath.of(List.of(TEST_CLASSES)), List.of(),
        ClassLoader.getSystemClassLoader(), hooks);
  }

  /** A public static method of a guest class, as the loader defines it. */
  static Method method(ClassLoader loader, String simpleClassName, String name, Class<?>... parameterTypes)
      throws ReflectiveOperationException {
    return Class.forName(PACKAGE + simpleClassName, true, loader).getMethod(name, parameterTypes);
  }

  /** Calls a static method and throws what it threw. */
  static Object call(Method method, Object... arguments) throws Throwable {
    try {
      return method.invoke(null, arguments);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  /** Whether the referent was collected after repeated GCs (the pattern of {@code UnloadTest}). */
  static boolean collected(WeakReference<?> reference) throws InterruptedException {
    for (int i = 0; i < 50 && reference.get() != null; i++) {
      System.gc();
      Thread.sleep(20);
    }
    return reference.get() == null;
  }

  private static Path testClasses() {
    try {
      return Path.of(Guests.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
