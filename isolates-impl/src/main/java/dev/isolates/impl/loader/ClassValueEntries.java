package dev.isolates.impl.loader;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The values that the {@code ClassValue}s of one isolate computed, as the classes they are attached to and the
 * class values, so that closing the isolate can remove them with {@link ClassValue#remove}.
 *
 * <p>Why they must go: a class keeps each value attached to it in a map keyed weakly by the class value's
 * identity, and holds the value strongly. A value of the isolate refers to the isolate's classes, which hold the
 * class value and so its identity: the key never clears. On a class that outlives the isolate ({@code String},
 * any JDK class) such an entry would keep the isolate's class loader for as long as the JVM runs.
 *
 * <p>Both the classes and the class values are held weakly: an entry is forgotten once either is garbage.
 * Thread-safe.
 */
final class ClassValueEntries {
  /** For each class, the class values that computed a value for it; guarded by itself. */
  private final Map<Class<?>, List<WeakReference<ClassValue<?>>>> entries = new WeakHashMap<>();

  /** Remembers that the class value computes its value for the class. */
  void add(ClassValue<?> classValue, Class<?> type) {
    synchronized (entries) {
      List<WeakReference<ClassValue<?>>> values = entries.computeIfAbsent(type, key -> new ArrayList<>(1));
      values.removeIf(value -> value.get() == null);
      for (WeakReference<ClassValue<?>> value : values) {
        if (value.get() == classValue) {
          return; // computed again after a remove, or by two threads at once
        }
      }
      values.add(new WeakReference<>(classValue));
    }
  }

  /** Removes every remembered value from its class, and forgets them all. */
  void removeAll() {
    synchronized (entries) {
      entries.forEach((type, values) -> {
        for (WeakReference<ClassValue<?>> value : values) {
          ClassValue<?> classValue = value.get();
          if (classValue != null) {
            classValue.remove(type);
          }
        }
      });
      entries.clear();
    }
  }
}
