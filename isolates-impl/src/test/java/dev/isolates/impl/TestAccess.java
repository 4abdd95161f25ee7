package dev.isolates.impl;

import dev.isolates.Isolate;
import java.lang.ref.WeakReference;

/** What tests outside the runtime's package may see of an isolate: a weak reference to its class loader. */
public final class TestAccess {
  private TestAccess() {}

  /** A weak reference to the isolate's own class loader, to prove that it is collected after close. */
  public static WeakReference<ClassLoader> loaderOf(Isolate isolate) {
    return new WeakReference<>(((IsolateState) isolate).loader());
  }

  /** Whether the referent was collected, after a few rounds of garbage collection. */
  public static boolean collected(WeakReference<?> reference) throws InterruptedException {
    return UnloadTest.collected(reference);
  }
}
