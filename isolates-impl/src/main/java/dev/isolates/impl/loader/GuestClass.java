package dev.isolates.impl.loader;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.ProtectionDomain;

/**
 * The bytes of {@code dev.isolates.guest.Guest}, read once per JVM from the runtime's own jar or folder; every
 * {@link IsolateClassLoader} defines its own class from them, so each isolate has its own static state there.
 * The isolate's class path need not contain the runtime at all.
 */
final class GuestClass {
  /** The binary name; written out, since using the class here would load it in the wrong loader. */
  static final String NAME = "dev.isolates.guest.Guest";
  static final String INTERNAL_NAME = NAME.replace('.', '/');

  private static final byte[] BYTES = read();
  /** The runtime's code source, without a class loader, so that one domain serves every isolate. */
  private static final ProtectionDomain DOMAIN =
      new ProtectionDomain(IsolateClassLoader.class.getProtectionDomain().getCodeSource(), null);

  private GuestClass() {}

  /** The class file, never rewritten. Shared: never modify it. */
  static byte[] bytes() {
    return BYTES;
  }

  static ProtectionDomain domain() {
    return DOMAIN;
  }

  private static byte[] read() {
    String resource = INTERNAL_NAME + ".class";
    try (InputStream in = IsolateClassLoader.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("the runtime's class loader finds no " + resource + ", which every"
            + " isolate needs; put the complete isolates-impl jar on the class path");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource + " from the isolates-impl jar", e);
    }
  }
}
