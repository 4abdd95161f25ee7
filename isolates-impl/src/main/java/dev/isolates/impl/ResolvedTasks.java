package dev.isolates.impl;

import java.lang.invoke.MethodHandle;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The task code resolved in one isolate (see {@link TaskResolver}, which fills it), and the lambda classes that
 * remember code of this isolate for their next call. Cleared when the isolate closes, so that neither keeps the
 * isolate's classes reachable.
 */
final class ResolvedTasks {
  /** What remembers code of an isolate outside it, and must forget it when the isolate closes. */
  interface Rememberer {
    /** Forgets the code of the closed isolate, if it remembers any. */
    void forget(Object closedIsolate);
  }

  /** By task key: what identifies a task's code in any isolate. */
  private final Map<Object, MethodHandle> code = new ConcurrentHashMap<>();
  /** Weak: a lambda class of a caller may go before the isolate does. Guarded by itself. */
  private final Set<Rememberer> rememberedBy = Collections.newSetFromMap(new WeakHashMap<>());

  /** The code of a task, resolved on first use by {@code resolver}. */
  MethodHandle code(Object key, Function<Object, MethodHandle> resolver) {
    MethodHandle known = code.get(key);
    return known != null ? known : code.computeIfAbsent(key, resolver);
  }

  /** Notes a lambda class that remembers code of this isolate, to make it forget that code at close. */
  void rememberedBy(Rememberer lambda) {
    synchronized (rememberedBy) {
      rememberedBy.add(lambda);
    }
  }

  /** Forgets every resolved task, and makes the lambda classes forget theirs; once the isolate is closed. */
  void clear(Object closedIsolate) {
    synchronized (rememberedBy) {
      rememberedBy.forEach(lambda -> lambda.forget(closedIsolate));
      rememberedBy.clear();
    }
    code.clear();
  }
}
