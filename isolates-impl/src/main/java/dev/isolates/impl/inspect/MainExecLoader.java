package dev.isolates.impl.inspect;

/**
 * Defines the classes of one {@code exec} in the main isolate, whose loader is the application's and cannot define
 * classes for us: a child of it sees main's classes and their static state, and is garbage, with its classes, once
 * the exec returns.
 */
final class MainExecLoader extends ClassLoader {
  MainExecLoader(ClassLoader parent) {
    super("exec", parent);
  }

  Class<?> define(String binaryName, byte[] bytes) {
    return defineClass(binaryName, bytes, 0, bytes.length);
  }
}
