package dev.isolates.impl;

import dev.isolates.impl.loader.IsolateHooks;

/**
 * The hooks of every isolate until cancellation, exits and shutdown hooks are implemented: polls never stop a
 * thread, and the isolate's code may neither exit nor register shutdown hooks.
 */
final class PassiveHooks extends IsolateHooks {

  @Override
  public void stop() {
    // nothing asks a thread to stop yet
  }

  @Override
  public void exit(int status) {
    throw unsupported("System.exit(" + status + ")");
  }

  @Override
  public void addShutdownHook(Thread hook) {
    throw unsupported("Runtime.addShutdownHook");
  }

  @Override
  public boolean removeShutdownHook(Thread hook) {
    throw unsupported("Runtime.removeShutdownHook");
  }

  private static IllegalStateException unsupported(String call) {
    return new IllegalStateException("isolate code called " + call + ", which isolates do not support yet:"
        + " an isolate must not end the JVM or outlive its close; return from the task instead");
  }
}
