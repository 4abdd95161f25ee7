package dev.isolates.impl.loader;

import java.lang.invoke.MethodHandles;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * Classes that an isolate's code defines while it runs, through a class loader of its own (a script engine's, a
 * proxy library's) or a {@code MethodHandles.Lookup}: their class files are rewritten like those of the isolate's
 * own classes, so that they poll for cancellation too, when they belong to the isolate. The isolate's copy of
 * {@code dev.isolates.guest.Guest} calls this with each class file its code is about to define (see
 * {@link DefineClassCalls}).
 *
 * <p>A class belongs to the isolate when its defining loader resolves {@code dev.isolates.guest.Guest} to the
 * isolate's own copy, as a loader whose parents lead to the isolate's loader does: the polls of the rewritten
 * class then reach the isolate's hooks. Any other loader's classes (a loader with no parent, say, or the platform
 * loader as parent) could not resolve the polls, so they get the class file unchanged.
 *
 * <p>Each class file is rewritten at most once: only the JDK's own defining methods are intercepted, and the JDK's
 * code, which they run, is never rewritten.
 */
public final class DefinedClasses {
  private DefinedClasses() {}

  /**
   * Returns the class file to pass on to {@code ClassLoader.defineClass}: exactly the class file, from offset 0
   * (the same array if it is unchanged and fills it).
   *
   * @param guest the caller's Guest class, that of the isolate whose code defines the class
   * @param definer the receiver of the call: a class loader, or any object with a method of the same signature
   * @param bytes the array the class file is in
   * @param offset where it starts
   * @param length its length
   */
  public static byte[] classFile(Class<?> guest, Object definer, byte[] bytes, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, bytes.length); // as defineClass would, since it gets 0 and all
    byte[] classFile = offset == 0 && length == bytes.length ? bytes
        : Arrays.copyOfRange(bytes, offset, offset + length);
    boolean ours = definer instanceof ClassLoader && resolvesToGuest((ClassLoader) definer, guest);
    return ours ? ClassRewriter.rewrite(classFile) : classFile;
  }

  /** Returns the class file to pass on to {@code defineClass} with a buffer; see the byte array version. */
  public static ByteBuffer classFile(Class<?> guest, Object definer, ByteBuffer bytes) {
    if (!(definer instanceof ClassLoader && resolvesToGuest((ClassLoader) definer, guest))) {
      return bytes;
    }
    byte[] classFile = new byte[bytes.remaining()];
    bytes.get(classFile); // leaves the caller's buffer where defineClass would
    return ByteBuffer.wrap(ClassRewriter.rewrite(classFile));
  }

  /** Returns the class file to pass on to {@code Lookup.defineClass} or {@code defineHiddenClass}. */
  public static byte[] classFile(Class<?> guest, MethodHandles.Lookup lookup, byte[] bytes) {
    ClassLoader loader = lookup.lookupClass().getClassLoader();
    return loader != null && resolvesToGuest(loader, guest) ? ClassRewriter.rewrite(bytes) : bytes;
  }

  /** Whether classes the loader defines would resolve the name of Guest to the given class. */
  private static boolean resolvesToGuest(ClassLoader loader, Class<?> guest) {
    try {
      // After the first time, the JVM answers from the loader's own table, without calling loadClass.
      return Class.forName(GuestClass.NAME, false, loader) == guest;
    } catch (ClassNotFoundException notVisible) {
      return false;
    }
  }
}
