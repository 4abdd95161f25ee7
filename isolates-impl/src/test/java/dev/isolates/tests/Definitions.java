package dev.isolates.tests;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.nio.ByteBuffer;
import java.security.ProtectionDomain;
import java.util.function.LongUnaryOperator;

/**
 * Code that defines classes while it runs, as proxy and bytecode libraries do: through a class loader of its own,
 * or through {@code MethodHandles.Lookup}. Each defines the class file of {@link Looping}.
 */
public final class Definitions {
  private Definitions() {}

  /** Runs Looping's endless loop, defined by a loader of the isolate's code whose parent is the isolate's. */
  public static void spinInAClassOfAChildLoader() throws Exception {
    run(new Definer(Definitions.class.getClassLoader()).define(loopingClassFile()));
  }

  /** Runs Looping's endless loop, defined from a buffer by a loader of the isolate's code. */
  public static void spinInAClassDefinedFromABuffer() throws Exception {
    run(new Definer(Definitions.class.getClassLoader()).define(ByteBuffer.wrap(loopingClassFile())));
  }

  /** Runs Looping's endless loop, defined in the isolate's own loader through a lookup. */
  public static void spinInAClassDefinedByALookup() throws Exception {
    run(MethodHandles.lookup().defineClass(loopingClassFile()));
  }

  /** Runs Looping's endless loop in a hidden class. */
  public static void spinInAHiddenClass() throws Exception {
    run(MethodHandles.lookup().defineHiddenClass(loopingClassFile(), true).lookupClass());
  }

  /**
   * Sums 1 to n with Looping defined by a loader whose parents do not lead to the isolate's: the platform loader
   * if {@code platformParent}, else none.
   */
  public static long sumInAnUnrelatedLoader(boolean platformParent, long n) throws Exception {
    Definer definer = new Definer(platformParent ? ClassLoader.getPlatformClassLoader() : null);
    Class<?> looping = definer.define(loopingClassFile());
    return ((LongUnaryOperator) looping.getDeclaredConstructor().newInstance()).applyAsLong(n);
  }

  private static void run(Class<?> looping) throws Exception {
    ((Runnable) looping.getDeclaredConstructor().newInstance()).run();
  }

  private static byte[] loopingClassFile() throws IOException {
    try (InputStream in = Definitions.class.getResourceAsStream("Looping.class")) {
      return in.readAllBytes();
    }
  }

  /** A class loader of the isolate's code, as a bytecode library has. */
  private static final class Definer extends ClassLoader {
    Definer(ClassLoader parent) {
      super(parent);
    }

    Class<?> define(byte[] classFile) {
      return defineClass(null, classFile, 0, classFile.length);
    }

    Class<?> define(ByteBuffer classFile) {
      return defineClass(null, classFile, (ProtectionDomain) null);
    }
  }
}
